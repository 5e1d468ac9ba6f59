"""The owner's report in one of its three forms, for the download views and `rashinban report`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _

from rashinban.downloads import download_name
from rashinban.orgs.models import Organisation
from rashinban.reports.gather import gather_owner_facts
from rashinban.reports.html import to_html
from rashinban.reports.owner import owner_document
from rashinban.reports.owner_xlsx import book_info, owner_sheets
from rashinban.reports.pdf import to_pdf
from rashinban.reports.xlsx import to_xlsx

FORMATS = ("html", "pdf", "xlsx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    filename: str
    content_type: str


def filename(organisation: Organisation, as_of: date, fmt: str) -> str:
    """'株式会社みなと精工_経営者レポート_2026-05-01.pdf', in the active language."""
    return download_name(organisation.name, _("Owner's report"), fmt, as_of)


def render_owner_report(
    organisation: Organisation,
    fmt: str,
    as_of: date | None = None,
    language: str = "ja",
    links: Sequence[tuple[str, str]] = (),
    standalone: bool = True,
) -> Rendered:
    """The report as `fmt` ("html", "pdf" or "xlsx"). HTML is self-contained unless `standalone` is False."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    facts = gather_owner_facts(organisation, as_of, language)
    with translation.override(language):
        if fmt == "xlsx":
            content = to_xlsx(owner_sheets(facts), book_info(facts))
        elif fmt == "pdf":
            content = to_pdf(owner_document(facts))
        else:
            content = to_html(owner_document(facts), standalone=standalone, links=links).encode("utf-8")
        name = filename(organisation, facts.issued, fmt)
    return Rendered(content, name, CONTENT_TYPES[fmt])
