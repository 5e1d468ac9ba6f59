"""When an operating system stops getting security updates: the dated table (eol.yaml) and OS names as people write them.

`parse_os("Windows 11 Pro 23H2")` gives (windows, "11", "23H2", edition None); `EolTable.end_of(os)` the last
day of updates, or None when the table does not know. A user's own table (`--eol-table`) extends ours.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from rashinban.evidence.checks.yamlfile import YamlDocument
from rashinban.evidence.registry import Upload
from rashinban.evidence.text import _

TABLE_PATH = Path(__file__).resolve().parent / "eol.yaml"
Family = Literal["windows", "windows-server", "macos", "ios", "android"]

MAC_NAMES = {
    "el capitan": "10",
    "high sierra": "10",
    "sierra": "10",
    "mojave": "10",
    "catalina": "10",
    "big sur": "11",
    "monterey": "12",
    "ventura": "13",
    "sonoma": "14",
    "sequoia": "15",
    "tahoe": "26",
}


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    os: Family
    version: str
    release: str | None = None
    edition: Literal["enterprise"] | None = None
    end: date
    and_older: bool = False
    source: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.os, _canonical_version(self.version), _canonical_release(self.release), self.edition or "")


class TableFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    updated: date
    entries: list[Entry]


@dataclass(frozen=True)
class OsInfo:
    family: str
    version: str
    release: str = ""
    edition: str = ""

    def label(self) -> str:
        names = {
            "windows": "Windows",
            "windows-server": "Windows Server",
            "macos": "macOS",
            "ios": "iOS",
            "android": "Android",
        }
        return " ".join(p for p in (names[self.family], self.version, self.release) if p)


def _canonical_version(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip()).upper().replace("VISTA", "Vista")


def _canonical_release(text: str | None) -> str:
    if not text:
        return ""
    match = re.match(r"^(ltsc|ltsb)\s*(\d{4})$", text.strip(), re.I)
    return f"{match[1].upper()} {match[2]}" if match else text.strip().upper()


@lru_cache(maxsize=1024)
def parse_os(*parts: str) -> OsInfo | None:
    """The OS from an inventory's OS (and version) cells, or None when it is not one the table covers."""
    text = unicodedata.normalize("NFKC", " ".join(p for p in parts if p)).lower()
    text = re.sub(r"microsoft|\(r\)|®|™", " ", text)
    if match := re.search(r"(?:windows|win)\s*server\s*(\d{4})(\s*r2)?", text):
        return OsInfo("windows-server", match[1] + (" R2" if match[2] else ""))
    if match := re.search(r"\b(?:windows|win)\s*(xp|vista|7|8\.1|8|10|11)\b", text):
        version = {"xp": "XP", "vista": "Vista"}.get(match[1], match[1])
        edition = "enterprise" if re.search(r"enterprise|education|\biot\b", text) else ""
        lts = re.search(r"(ltsc|ltsb)\s*(\d{4})", text)
        feature = re.search(r"\b(\d{2}h[12])\b", text)
        release = _canonical_release(f"{lts[1]} {lts[2]}") if lts else (feature[1].upper() if feature else "")
        return OsInfo("windows", version, release, edition)
    if match := re.search(r"(?:ipados|ios)\s*(\d+)", text):
        return OsInfo("ios", match[1])
    if match := re.search(r"android\s*(\d+)", text):
        return OsInfo("android", match[1])
    if re.search(r"mac\s*os|osx|os\s*x|\bmac\b", text):
        return _mac(text)
    return None


def _mac(text: str) -> OsInfo | None:
    if match := re.search(r"(\d+)(?:\.\d+)*", text):
        return OsInfo("macos", "10" if match[1] == "10" else match[1])
    for name, version in MAC_NAMES.items():
        if name in text:
            return OsInfo("macos", version)
    return None


class EolTable:
    def __init__(self, updated: date, entries: list[Entry]) -> None:
        self.updated = updated
        self.entries = entries
        self._ends: dict[OsInfo, Entry | None] = {}

    def merged(self, other: EolTable) -> EolTable:
        """This table with `other`'s entries added; an entry with the same key replaces ours."""
        by_key = {e.key: e for e in self.entries}
        by_key.update({e.key: e for e in other.entries})
        return EolTable(max(self.updated, other.updated), list(by_key.values()))

    def end_of(self, os: OsInfo) -> Entry | None:
        """The entry that says when `os` stops getting updates, or None when unknown."""
        if os not in self._ends:
            self._ends[os] = self._lookup(os)
        return self._ends[os]

    def _lookup(self, os: OsInfo) -> Entry | None:
        version = _canonical_version(os.version)
        candidates = [e for e in self.entries if e.os == os.family and _canonical_version(e.version) == version]
        if os.release:
            same_release = [e for e in candidates if _canonical_release(e.release) == os.release]
            if same_release:
                return _by_edition(same_release, os.edition)
        general = [e for e in candidates if not e.release]
        if general:
            return _by_edition(general, os.edition)
        return self._older_than_listed(os)

    def _older_than_listed(self, os: OsInfo) -> Entry | None:
        if not os.version.isdigit():
            return None
        floors = [
            e
            for e in self.entries
            if e.os == os.family and e.and_older and e.version.isdigit() and int(os.version) < int(e.version)
        ]
        return min(floors, key=lambda e: int(e.version)) if floors else None


def _by_edition(entries: list[Entry], edition: str) -> Entry:
    exact = [e for e in entries if (e.edition or "") == edition]
    return (exact or [e for e in entries if not e.edition] or entries)[0]


def read_table(upload: Upload) -> EolTable:
    """A table file (ours or a user's); errors name the file and line."""
    doc = YamlDocument(upload)
    try:
        parsed = TableFile.model_validate(doc.data)
    except ValidationError as error:
        first = error.errors()[0]
        path = tuple(first["loc"])
        raise doc.error(path, _("invalid end-of-life table: %(problem)s") % {"problem": first["msg"]}) from None
    return EolTable(parsed.updated, list(parsed.entries))


@cache
def builtin_table() -> EolTable:
    return read_table(Upload(TABLE_PATH.name, TABLE_PATH.read_bytes()))


def table_with(override: Upload | None) -> EolTable:
    if override is None:
        return builtin_table()
    return builtin_table().merged(read_table(override))
