"""Reading KPI values from a CSV or Excel file (pure): every problem names the file, the row and the column.

Columns (first row, in any order; Japanese or English names): kpi / 指標, date / 日付, value / 値, note / メモ.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rashinban.i18n import _ as cli_gettext

COLUMNS = {
    "kpi": ("kpi", "指標", "kpi名", "name"),
    "date": ("date", "日付", "測定日"),
    "value": ("value", "値", "実績"),
    "note": ("note", "メモ", "備考"),
}
REQUIRED = ("kpi", "date", "value")
MAX_ROWS = 5000


@dataclass(frozen=True)
class ParsedRow:
    row: int  # 1-based row number in the file (the header is row 1)
    kpi: str
    measured_on: date
    value: float
    note: str


class ImportProblem(Exception):
    """One problem in an import file, with where it is."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.file, self.row, self.column, self.message = file, row, column, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        return ", ".join(where) + ": " + self.message


def _(message: str) -> str:
    """Translate in Django's active language when Django runs, else in the command line's."""
    try:
        from django.utils.translation import gettext

        return gettext(message)
    except Exception:  # Django not configured: the CLI's own catalogue
        return cli_gettext(message)


def read_table(name: str, content: bytes) -> list[list[object]]:
    """Rows of cells from a .csv (UTF-8, or Shift_JIS as Excel in Japan saves it) or an .xlsx file."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(name, content)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        for encoding in ("utf-8-sig", "cp932"):
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                continue
            return [list(row) for row in csv.reader(io.StringIO(text))]
        raise ImportProblem(name, None, None, _("the file is neither UTF-8 nor Shift_JIS text"))
    raise ImportProblem(name, None, None, _("use a .csv or .xlsx file"))


def _read_xlsx(name: str, content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise ImportProblem(name, None, None, _("this is not an Excel (.xlsx) file that can be read")) from None
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _header(name: str, first: Sequence[object]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, cell in enumerate(first):
        label = str(cell or "").strip().lower()
        for key, names in COLUMNS.items():
            if label in names and key not in positions:
                positions[key] = index
    missing = [key for key in REQUIRED if key not in positions]
    if missing:
        raise ImportProblem(name, 1, missing[0], _("the first row must name the columns kpi, date and value"))
    return positions


def _date(name: str, row: int, cell: object) -> date:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell or "").strip().replace("/", "-")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ImportProblem(
            name, row, "date", _("“%(value)s” is not a date (use 2026-04-30)") % {"value": text[:40]}
        ) from None


def _number(name: str, row: int, cell: object) -> float:
    if isinstance(cell, bool):
        cell = str(cell)
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell or "").strip().replace(",", "")
    try:
        value = float(text)
    except ValueError:
        raise ImportProblem(name, row, "value", _("“%(value)s” is not a number") % {"value": text[:40]}) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ImportProblem(name, row, "value", _("“%(value)s” is not a number") % {"value": text[:40]})
    return value


def parse_rows(name: str, table: Iterable[Sequence[object]], today: date | None = None) -> list[ParsedRow]:
    """Validate every row; the first problem is raised (nothing is stored by the caller then)."""
    rows = list(table)
    if not rows:
        raise ImportProblem(name, None, None, _("the file is empty"))
    if len(rows) > MAX_ROWS + 1:
        raise ImportProblem(name, None, None, _("at most %(n)s rows at once") % {"n": MAX_ROWS})
    positions = _header(name, rows[0])
    parsed = []
    for number, cells in enumerate(rows[1:], start=2):

        def cell(key: str, cells: Sequence[object] = cells) -> object:
            index = positions.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        kpi = str(cell("kpi") or "").strip()
        if not kpi:
            raise ImportProblem(name, number, "kpi", _("the KPI name is empty"))
        measured_on = _date(name, number, cell("date"))
        if today is not None and measured_on > today:
            raise ImportProblem(name, number, "date", _("%(date)s lies in the future") % {"date": measured_on})
        value = _number(name, number, cell("value"))
        parsed.append(ParsedRow(number, kpi, measured_on, value, str(cell("note") or "").strip()[:200]))
    if not parsed:
        raise ImportProblem(name, None, None, _("the file has no values below its header"))
    return parsed
