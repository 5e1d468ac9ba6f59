"""The owner's report in one of its three forms, for the download views and `rashinban report`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import translation

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
    return f"rashinban-report-{organisation.slug}-{as_of.isoformat()}.{fmt}"


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
    return Rendered(content, filename(organisation, facts.issued, fmt), CONTENT_TYPES[fmt])
