"""Every workbook the product writes, and the one cell rule every CSV and Excel export follows.

A workbook goes through `to_xlsx` (or `build_workbook`, when a caller adds drop-downs before saving) so
that all of them behave the same in Excel and LibreOffice: cells typed (numbers, dates and percentages
with number formats, so they sort, filter and sum), one named font for the whole book, header rows bold,
frozen, repeated on every printed page and with filter buttons on tables, A4 fit to one page wide with
the company, title and date on every page, and rows tall enough for wrapped Japanese text
(`xlsx_layout.py`).

`neutralise` is the product's only defence against formula injection: text that starts with
`=`, `+`, `-` or `@` (or a tab or carriage return, which some spreadsheet programs skip before
reading a formula) gets a leading apostrophe, so a spreadsheet shows it as text and never runs it.
Numbers stay numbers. Use it for every cell of every CSV or Excel file the product writes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

from rashinban.reports import xlsx_layout as layout
from rashinban.reports.document import format_date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_MAX = 31  # Excel's limit
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
CELL_TEXT_MAX = 32_767  # Excel's limit; longer text makes Excel "repair" the file
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")

INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0#"
PERCENT_FORMAT = "0%"
DATE_FORMATS = {"ja": "yyyy/mm/dd", "en": "yyyy-mm-dd"}
PAGE_WORDS = {"ja": "&P / &N ページ", "en": "page &P of &N"}


def neutralise(value: Any) -> Any:
    """A cell value safe to open in a spreadsheet: formula-like text becomes plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Cell:
    """A value with its own number format, e.g. points that read as words: Cell(-1, '"わからない" (0)')."""

    value: Any
    number_format: str


@dataclass(frozen=True)
class Percent:
    """A share written as 0–100 (as people say it), stored as a fraction with a percent format."""

    value: float | None


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    widths: Sequence[float] | None = None  # column widths in Excel's character units; None = automatic
    landscape: bool | None = None  # None: landscape when the columns are wider than a portrait page
    filters: bool = True  # filter buttons on the header row (a table); False for labels and values


@dataclass(frozen=True)
class BookInfo:
    """Who and what the workbook is about: the top of every printed page and the file's properties."""

    company: str = ""
    title: str = ""
    issued: date | None = None
    language: str = "ja"


def book_today(company: str, title: str) -> BookInfo:
    """A download's `BookInfo`: in the active language, dated today in the active time zone."""
    from django.utils import timezone, translation

    return BookInfo(company, title, timezone.localdate(), translation.get_language() or "ja")


def to_xlsx(sheets: Sequence[Sheet], info: BookInfo | None = None) -> bytes:
    """The workbook of `sheets` as bytes."""
    return save(build_workbook(sheets, info))


def build_workbook(sheets: Sequence[Sheet], info: BookInfo | None = None) -> Workbook:
    """One worksheet per `Sheet`, in order; add drop-downs or hidden sheets, then `save`."""
    info = info or BookInfo()
    workbook = Workbook()
    _use_font(workbook)
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    workbook.properties.creator = "Rashinban"
    workbook.properties.title = info.title or None
    used: set[str] = set()
    for sheet in sheets:
        write_sheet(workbook.create_sheet(_sheet_title(sheet.title, used)), sheet, info)
    return workbook


def save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_value(value: Any) -> Any:
    """What goes into a cell: neutralised text without the control characters Excel refuses."""
    if value is None or isinstance(value, bool | int | float | Decimal | date | datetime):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # Excel has no time zones; callers pass local time
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return neutralise(text[: CELL_TEXT_MAX - 1] + "…" if len(text) > CELL_TEXT_MAX else text)


def number_format(value: Any, language: str) -> str | None:
    """The format a typed value gets unless the caller names one."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    if isinstance(value, datetime):
        return DATE_FORMATS.get(language, DATE_FORMATS["en"]) + " hh:mm"
    if isinstance(value, date):
        return DATE_FORMATS.get(language, DATE_FORMATS["en"])
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, float | Decimal):
        return DECIMAL_FORMAT
    return None


def write_sheet(worksheet: Worksheet, sheet: Sheet, info: BookInfo) -> None:
    """Header, typed rows, widths and heights, frozen header, filters and print setup of one worksheet."""
    values = [[_unwrap(v) for v in row] for row in sheet.rows]
    widths = list(sheet.widths or layout.auto_widths(sheet.header, [[v for v, _f in row] for row in values]))
    columns = max([len(sheet.header), *(len(r) for r in values)], default=0)
    widths += [layout.MIN_WIDTH] * (columns - len(widths))
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    header_rows = 0
    if sheet.header:
        header_rows = 1
        for column, text in enumerate(sheet.header, start=1):
            cell = worksheet.cell(row=1, column=column, value=cell_value(text))
            cell.font, cell.fill = Font(name=layout.FONT_NAME, size=layout.FONT_SIZE, bold=True), HEADER_FILL
            cell.alignment, cell.border = HEADER_ALIGNMENT, BORDER
        worksheet.row_dimensions[1].height = layout.row_height([str(h) for h in sheet.header], widths, bold=True)
        worksheet.freeze_panes = "A2"
    for number, row in enumerate(values, start=header_rows + 1):
        for column, (value, fmt) in enumerate(row, start=1):
            cell = worksheet.cell(row=number, column=column, value=cell_value(value))
            cell.alignment, cell.border = WRAP, BORDER
            fmt = fmt or number_format(value, info.language)
            if fmt:
                cell.number_format = fmt
        texts = [layout.display_text(v) for v, _f in row]
        worksheet.row_dimensions[number].height = layout.row_height(texts, widths)
    if sheet.filters and header_rows and values:
        worksheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{header_rows + len(values)}"
    layout.set_up_printing(worksheet, widths, header_rows, _page_text(info, worksheet.title), sheet.landscape)


def _unwrap(value: Any) -> tuple[Any, str | None]:
    """(value, number format or None) of a plain value, a `Cell` or a `Percent`."""
    if isinstance(value, Cell):
        return value.value, value.number_format
    if isinstance(value, Percent):
        return (None if value.value is None else value.value / 100), PERCENT_FORMAT
    if isinstance(value, Decimal):
        return float(value), None
    return value, None


def _page_text(info: BookInfo, sheet_title: str) -> layout.PageText:
    issued = format_date(info.issued, info.language) if info.issued else ""
    title = f"{info.title} · {sheet_title}" if info.title and info.title != sheet_title else sheet_title
    return layout.PageText(info.company, title, issued, PAGE_WORDS.get(info.language, PAGE_WORDS["en"]))


def _use_font(workbook: Workbook) -> None:
    """Make the named font the book's default ("Normal" style), so empty cells and new rows use it too.

    openpyxl has no public setter for the default font; both places it keeps it are replaced.
    """
    font = Font(name=layout.FONT_NAME, size=layout.FONT_SIZE, family=3, charset=128)
    workbook._fonts = IndexedList([font])  # type: ignore[attr-defined]
    workbook._named_styles["Normal"].font = font  # type: ignore[attr-defined]


def _sheet_title(title: str, used: set[str]) -> str:
    base = SHEET_TITLE_FORBIDDEN.sub(" ", title).strip().strip("'")[:SHEET_TITLE_MAX] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate, number = base[: SHEET_TITLE_MAX - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate
