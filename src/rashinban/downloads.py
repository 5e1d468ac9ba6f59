"""Every file the product hands out is named for people: the company's name, what it is, and its date.

    attachment(content, content_type, company="株式会社みなと精工", title="経営者レポート",
               extension="pdf", day=date(2026, 5, 1))
    -> Content-Disposition: attachment; filename="rashinban-2026-05-01.pdf";
       filename*=UTF-8''%E6%A0%AA%E5%BC%8F...%E7%B5%8C%E5%96%B6%E8%80%85...2026-05-01.pdf

An owner forwards these files to a bank or a customer, so the name says whose and what they are, Japanese
included. The name goes in `filename*` (RFC 6266 with RFC 5987's UTF-8 encoding, which every current browser
reads); `filename` carries a plain ASCII name for the rare client that does not. Characters that Windows or macOS
refuse in a file name are replaced, and the name is kept short enough for every file system.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.text import slugify

# Refused in file names on Windows (and "/" everywhere), plus control characters.
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
SPACES = re.compile(r"\s+")
PART_MAX = 60  # characters per part: a long company name still leaves room for what the file is
NAME_MAX_BYTES = 200  # most file systems allow 255 bytes; Japanese takes three per character in UTF-8
SEPARATOR = "_"


def _part(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = SPACES.sub(" ", UNSAFE.sub("-", text)).strip(" .-")  # Windows drops trailing dots and spaces
    return text[:PART_MAX].strip(" .-")


def download_name(company: str, title: str, extension: str, day: date | None = None, label: str = "") -> str:
    """'株式会社みなと精工_経営者レポート_2026-05-01.pdf': company, what, optional label and date, extension."""
    parts = [_part(p) for p in (company, title, label)] + ([day.isoformat()] if day else [])
    stem = SEPARATOR.join(p for p in parts if p) or "rashinban"
    suffix = "." + extension.lstrip(".")
    while len((stem + suffix).encode("utf-8")) > NAME_MAX_BYTES:
        stem = stem[:-1]
    return stem.rstrip(" .-_") + suffix


def ascii_fallback(name: str) -> str:
    """A plain ASCII name for clients that do not read `filename*`: the name's ASCII part, else "rashinban"."""
    stem, _dot, extension = name.rpartition(".")
    plain = re.sub(r"[-_]+", "-", slugify(stem)).strip("-")
    if len(re.findall(r"[a-z]", plain)) < 3:  # little but the date survived: say which program wrote the file
        plain = "-".join(filter(None, ["rashinban", re.sub(r"[^0-9-]", "", plain).strip("-")]))
    return f"{plain}.{slugify(extension) or 'bin'}"


def content_disposition(name: str) -> str:
    return f"attachment; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment(
    content: bytes | str,
    content_type: str,
    *,
    company: str,
    title: str,
    extension: str,
    day: date | None = None,
    label: str = "",
) -> HttpResponse:
    """The response that downloads `content` under the name `download_name` gives it."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(download_name(company, title, extension, day, label))
    return response
