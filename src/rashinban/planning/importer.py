"""Reading KPI values from a CSV or Excel file (pure): every problem names the file, the row and the column.

Columns (first row, in any order; Japanese or English names): kpi / 指標, date / 日付, value / 値, note / メモ.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from rashinban import limits
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


def read_table(name: str, content: bytes) -> list[tuple[int, list[object]]]:
    """Numbered non-empty rows of a .csv (UTF-8, or Shift_JIS as Excel in Japan saves it) or an .xlsx file.

    Read through rashinban.limits: size, unpacked size, rows, cells and cell length are bounded first.
    """
    lower = name.lower()
    try:
        if lower.endswith(".xlsx"):
            with limits.read_workbook(content, name, limits.PLANNING) as workbook:
                return list(limits.sheet_rows(workbook.worksheets[0], name, limits.PLANNING))
        if lower.endswith(".csv") or lower.endswith(".txt"):
            text = limits.decode_text(content, name, limits.PLANNING)
            reader = limits.csv_rows(text, name, limits.PLANNING, delimiter=",")
            return [(reader.line_num, list(row)) for row in reader if any(cell.strip() for cell in row)]
    except limits.LimitError as error:
        raise ImportProblem(name, error.row, error.field or None, error.problem) from None
    raise ImportProblem(name, None, None, _("use a .csv or .xlsx file"))


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


def parse_rows(name: str, table: Iterable[tuple[int, Sequence[object]]], today: date | None = None) -> list[ParsedRow]:
    """Validate every numbered row (from `read_table`); the first problem is raised (the caller stores nothing)."""
    rows = list(table)
    if not rows:
        raise ImportProblem(name, None, None, _("the file is empty"))
    if len(rows) > MAX_ROWS + 1:
        raise ImportProblem(name, None, None, _("at most %(n)s rows at once") % {"n": MAX_ROWS})
    positions = _header(name, rows[0][1])
    parsed = []
    for number, cells in rows[1:]:

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
