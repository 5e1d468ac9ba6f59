"""How a worksheet looks on screen and on paper: text widths, column widths, row heights, print setup.

Spreadsheet programs size rows and columns from the fonts they happen to have, so a row that
LibreOffice or Excel leaves one line high cuts wrapped Japanese text. We therefore estimate every
width and height ourselves, on the safe side: a full-width character counts as two of Excel's
width units (the width of "0"; Excel draws Yu Gothic's at 1.83), a line of 11-point text as 18.75 points
(Japanese Excel's row with Yu Gothic, taller than LibreOffice's with Noto Sans CJK). Pure: no Django,
no database.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Yu Gothic"  # 游ゴシック: on every Windows since 8.1 and every Mac; others substitute a Gothic
FONT_SIZE = 11
LINE_POINTS = 18.75
ROW_PADDING_POINTS = 3.0
MAX_ROW_POINTS = 409.0  # Excel's largest row height
CELL_PADDING_UNITS = 1.0  # the cell's inner margins, in width units
MIN_WIDTH, MAX_WIDTH = 6.0, 50.0
# Printable width of A4 at our margins, in width units at 100 %: wider sheets print landscape, and
# landscape sheets wider still are scaled down to one page wide ("fit to width").
PORTRAIT_UNITS = 95.0
MARGINS = PageMargins(left=0.5, right=0.5, top=0.8, bottom=0.7, header=0.3, footer=0.3)  # inches


def char_width(char: str) -> float:
    """Width of one character in Excel's units (the width of "0" in the default font)."""
    if unicodedata.east_asian_width(char) in ("W", "F", "A"):
        return 1.9  # kanji, kana, full-width forms, and ambiguous signs (○, ×, ①) that Japanese fonts draw wide
    if char.isupper() or char in "mw@%&":
        return 1.3
    return 1.0


def text_width(text: str) -> float:
    """Width of the longest line of `text`."""
    return max((sum(char_width(c) for c in line) for line in text.split("\n")), default=0.0)


def display_text(value: Any) -> str:
    """Roughly what a spreadsheet shows for a value, to measure it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "0000/00/00 00:00"
    if isinstance(value, date):
        return "0000/00/00"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def line_count(text: str, width: float, bold: bool = False) -> int:
    """Lines that `text` takes when wrapped in a column `width` units wide."""
    usable = max(2.0, width - CELL_PADDING_UNITS)
    factor = 1.1 if bold else 1.0
    lines = 0
    for paragraph in text.split("\n"):
        needed = sum(char_width(c) for c in paragraph) * factor
        if needed <= usable:
            lines += 1
            continue
        # A wrapped line is not filled to the edge: Latin text breaks between words, Japanese text
        # moves a character down rather than start a line with 。 or 、 (kinsoku).
        waste = min(usable / 2, max(1.9, _longest_unbreakable(paragraph)))
        lines += math.ceil(needed / max(1.0, usable - waste))
    return max(1, lines)


def _longest_unbreakable(text: str) -> float:
    """Width of the longest run a line cannot break inside: a Latin word (Japanese breaks anywhere)."""
    longest = current = 0.0
    for char in text:
        if char.isspace() or char_width(char) > 1.5:
            current = 0.0
        else:
            current += char_width(char)
            longest = max(longest, current)
    return longest


def row_height(texts: Sequence[str], widths: Sequence[float], bold: bool = False) -> float:
    """Points for a row whose cells hold `texts`, every line shown whole, within Excel's maximum."""
    lines = max((line_count(t, w, bold) for t, w in zip(texts, widths, strict=False) if t), default=1)
    return min(MAX_ROW_POINTS, lines * LINE_POINTS + ROW_PADDING_POINTS)


def auto_widths(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[float]:
    """Wide enough for each column's longest value, between MIN_WIDTH and MAX_WIDTH (longer text wraps).

    A header may wrap onto two lines, so it asks for only half its width.
    """
    columns = max([len(header), *(len(r) for r in rows)], default=0)
    widths = []
    for index in range(columns):
        head = text_width(header[index]) / 2 if index < len(header) else 0
        body = max((text_width(display_text(r[index])) for r in rows if index < len(r)), default=0)
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, head + 2, body + 2)))
    return widths


@dataclass(frozen=True)
class PageText:
    """What the top and bottom of every printed page say."""

    company: str
    title: str
    issued: str
    page: str  # e.g. "&P / &N ページ"


def _header_text(text: str) -> str:
    return text.replace("&", "&&")  # "&" starts a header code (page number, font)


def set_up_printing(
    sheet: Worksheet, widths: Sequence[float], header_rows: int, page: PageText, landscape: bool | None
) -> None:
    """A4, fit to one page wide, header rows repeated, margins, company and date on every page."""
    if landscape is None:
        landscape = sum(widths) > PORTRAIT_UNITS
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = sheet.ORIENTATION_LANDSCAPE if landscape else sheet.ORIENTATION_PORTRAIT
    setup.fitToWidth, setup.fitToHeight = 1, 0  # one page wide, as many pages tall as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = MARGINS
    if header_rows:
        sheet.print_title_rows = f"1:{header_rows}"
    for part, text in (
        (sheet.oddHeader.left, _header_text(page.company)),
        (sheet.oddHeader.center, _header_text(page.title)),
        (sheet.oddHeader.right, _header_text(page.issued)),
        (sheet.oddFooter.center, page.page),
    ):
        if text:
            part.text, part.font, part.size = text, f"{FONT_NAME},Regular", 9
