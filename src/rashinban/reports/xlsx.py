"""Excel workbooks from sheets of rows, and the one cell rule every CSV and Excel export follows.

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
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_MAX = 31  # Excel's limit
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_FILL = PatternFill("solid", fgColor="EEF2FF")


def neutralise(value: Any) -> Any:
    """A cell value safe to open in a spreadsheet: formula-like text becomes plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Any]]
    widths: Sequence[float] | None = None  # column widths in Excel's character units; None = automatic


def to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one worksheet per `Sheet`, header row bold and frozen, every cell neutralised."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    used: set[str] = set()
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(_sheet_title(sheet.title, used)), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_value(value: Any) -> Any:
    """What goes into a cell: neutralised text without the control characters Excel refuses."""
    if value is None or isinstance(value, bool | int | float | date | datetime):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # Excel has no time zones; callers pass local time
        return value
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _write_sheet(worksheet: Any, sheet: Sheet) -> None:
    worksheet.append([cell_value(h) for h in sheet.header])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    worksheet.freeze_panes = "A2"
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.rows:
        worksheet.append([cell_value(v) for v in row])
        for cell in worksheet[worksheet.max_row]:
            cell.alignment = wrap
    for index, width in enumerate(sheet.widths or _auto_widths(sheet), start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width


def _auto_widths(sheet: Sheet) -> list[float]:
    """Wide enough for the longest value (Japanese characters count double), between 8 and 60."""
    columns = [list(column) for column in zip(sheet.header, *sheet.rows, strict=False)]
    return [min(60.0, max(8.0, max((_display_width(v) for v in column), default=8) + 2)) for column in columns]


def _display_width(value: Any) -> float:
    text = "" if value is None else str(value)
    longest = max(text.split("\n"), key=len, default="")
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in longest)


def _sheet_title(title: str, used: set[str]) -> str:
    base = SHEET_TITLE_FORBIDDEN.sub(" ", title).strip().strip("'")[:SHEET_TITLE_MAX] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate, number = base[: SHEET_TITLE_MAX - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate
