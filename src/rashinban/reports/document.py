"""A small document model that every report and generated document is built from.

A capability builds one `Document` out of blocks (already translated text, no markup), and the
renderers in this package turn the same document into print-ready HTML, PDF and Word, so the three
forms always carry the same content. Charts are the server-drawn SVG of `reports.charts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = chapter (starts on a new page in print when `new_page`), 2 = section, 3 = sub-section
    new_page: bool = False


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body | lead | note | warning | owner (OWNER_NOTE)


# A paragraph for whoever prepares the document (作成者へのメモ), e.g. "MFA is not yet required: set it up
# first". It shows on screen while editing and is never printed, published or exported by any renderer.
OWNER_NOTE = "owner"


@dataclass(frozen=True)
class BulletList:
    items: Sequence[str]
    numbered: bool = False


@dataclass(frozen=True)
class KeyValues:
    """A two-column table of labels and values, e.g. the cover summary."""

    rows: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Table:
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float] | None = None  # relative column widths; None = equal
    caption: str = ""


@dataclass(frozen=True)
class Chart:
    """An SVG chart (a complete `<svg>` element) with a caption; never split across pages."""

    svg: str
    caption: str = ""
    width_mm: float = 120


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | BulletList | KeyValues | Table | Chart | PageBreak


def is_owner_note(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.style == OWNER_NOTE


def printable(blocks: Sequence[Block]) -> list[Block]:
    """The blocks every export prints: all but the notes to the owner."""
    return [block for block in blocks if not is_owner_note(block)]


@dataclass
class Document:
    title: str
    subtitle: str = ""
    organisation: str = ""
    issued: date | None = None
    language: str = "ja"
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self


# The few words the renderers add themselves follow the document's language, not the reader's
# session, so they live here as content in both languages (as assessments/answers.py does).
WORDS: dict[str, dict[str, str]] = {
    "ja": {"issued": "発行日", "page": "%(page)s / %(pages)s ページ"},
    "en": {"issued": "Issued", "page": "page %(page)s of %(pages)s"},
}


def words(document: Document) -> dict[str, str]:
    return WORDS.get(document.language, WORDS["en"])


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # not strftime: its month names follow the process locale


def format_date(value: date, language: str) -> str:
    """A date as people write it: 2026年5月1日 in Japanese, 1 May 2026 in English."""
    if language == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
