"""Reading the registers and inventories SMEs keep in Excel or CSV: one header row, one row per item.

Headers are matched by meaning in Japanese or English (`資産名`, `Device name`, ...), after NFKC folding, so
full-width text and stray spaces do not matter. Cell values such as `はい`, `○`, `あり`, `2026/11/20`,
`2026年11月20日` or an Excel date are understood. Every problem raises `InputError` naming the file,
the row (as Excel or a text editor shows it) and the column header as the user wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from rashinban import limits
from rashinban.evidence.registry import InputError, Upload
from rashinban.evidence.text import _

# Rows above the header (a title, a note) are allowed: the header is looked for in the first rows.
HEADER_SEARCH_ROWS = 10
MAX_ROWS = 20_000

YES = {
    "yes",
    "y",
    "true",
    "1",
    "on",
    "enabled",
    "done",
    "はい",
    "有",
    "有り",
    "あり",
    "有効",
    "済",
    "済み",
    "○",
    "〇",
    "◯",
    "✓",
    "✔",
    "する",
    "している",
    "オン",
    "実施",
    "実施済",
    "実施済み",
    "対応",
    "対応済",
}
NO = {
    "no",
    "n",
    "false",
    "0",
    "off",
    "disabled",
    "none",
    "いいえ",
    "無",
    "無し",
    "なし",
    "無効",
    "未",
    "未実施",
    "×",
    "✕",
    "✗",
    "x",
    "しない",
    "していない",
    "オフ",
    "未対応",
    "-",
    "ー",
    "―",
}
NEVER = {"never", "none", "なし", "無し", "未実施", "未", "-", "ー", "―", "n/a"}


_PUNCTUATION = re.compile(r"[\s_\-/・()\[\]【】「」:.,*※]+")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Text for matching: NFKC (full-width to half-width), lower case, no spaces or punctuation."""
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class Row:
    """One data row: its number as the user sees it, and its cells by field name."""

    file: str
    number: int
    cells: Mapping[str, str]
    headers: Mapping[str, str]  # field name -> the header text as written in the file

    def get(self, name: str) -> str:
        return self.cells.get(name, "")

    def error(self, name: str, problem: str) -> InputError:
        return InputError(problem, file=self.file, row=self.number, column=self.headers.get(name, name))

    def flag(self, name: str) -> bool | None:
        """A yes/no cell: True, False, or None when blank."""
        value = self.get(name)
        if not value:
            return None
        folded = fold(value)
        if folded in YES or value.strip() in YES:
            return True
        if folded in NO or value.strip() in NO:
            return False
        raise self.error(name, _("“%(value)s” is not yes or no (write はい/いいえ, yes/no or ○/×)") % {"value": value})

    def presence(self, name: str) -> bool | None:
        """A cell naming a product (“Microsoft Defender”, “BitLocker”) or yes/no: True, False, None when blank."""
        value = self.get(name)
        if not value:
            return None
        folded = fold(value)
        if folded in NO or value.strip() in NO:
            return False
        return True

    def date(self, name: str) -> date | None:
        """A date cell; None when blank or “never” (なし, 未実施)."""
        value = self.get(name)
        if not value or fold(value) in NEVER or value.strip() in NEVER:
            return None
        parsed = parse_date(value)
        if parsed is None:
            raise self.error(name, _("“%(value)s” is not a date (write 2026-11-20 or 2026/11/20)") % {"value": value})
        return parsed

    def integer(self, name: str) -> int | None:
        value = self.get(name)
        if not value:
            return None
        try:
            number = int(float(unicodedata.normalize("NFKC", value).replace(",", "")))
        except ValueError:
            raise self.error(name, _("“%(value)s” is not a whole number") % {"value": value}) from None
        if number < 0:
            raise self.error(name, _("the number must not be negative"))
        return number


def parse_date(value: str | date | datetime) -> date | None:
    """2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日 (a time after it is ignored); None if not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = re.match(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$", text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def read_table(upload: Upload, columns: Mapping[str, tuple[str, ...]], required: tuple[str, ...]) -> list[Row]:
    """Rows of a CSV or XLSX upload, cells keyed by field name; `columns` maps a field to its header aliases."""
    name = upload.name.lower()
    if upload.grid is not None:  # rows of the web form: numbered as the form numbers them
        return _rows_from_grid(
            upload.name, ((n, list(cells)) for n, cells in enumerate(upload.grid)), columns, required
        )
    try:
        if name.endswith(".xlsx") or upload.data[:2] == b"PK":
            with limits.read_workbook(upload.data, upload.name, limits.EVIDENCE_SHEET) as book:
                grid = limits.sheet_rows(book.worksheets[0], upload.name, limits.EVIDENCE_SHEET)
                return _rows_from_grid(upload.name, _as_text(grid), columns, required)
        if name.endswith((".csv", ".txt", ".tsv")):
            return _rows_from_grid(upload.name, _csv_rows(upload), columns, required)
    except limits.LimitError as error:
        raise as_input_error(error) from None
    raise InputError(_("unsupported file type; use .csv or .xlsx"), file=upload.name)


def as_input_error(error: limits.LimitError) -> InputError:
    """A refusal of the bounded readers in the checkers' own error type (same file, row and column)."""
    return InputError(error.problem, file=error.file, row=error.row, column=error.field)


def _rows_from_grid(
    file: str, grid: Iterator[tuple[int, list[str]]], columns: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
) -> list[Row]:
    aliases = {fold(alias): field for field, names in columns.items() for alias in (field, *names)}
    header: dict[int, str] | None = None
    header_text: dict[str, str] = {}
    rows: list[Row] = []
    for number, cells in grid:
        if header is None:
            found = {i: aliases[fold(c)] for i, c in enumerate(cells) if c and fold(c) in aliases}
            if set(required) <= set(found.values()):
                header = found
                header_text = {field: cells[i].strip() for i, field in found.items()}
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise InputError(_("too many rows (at most %(count)s)") % {"count": MAX_ROWS}, file=file, row=number)
        values = {field: cells[i].strip() for i, field in header.items() if i < len(cells) and cells[i].strip()}
        rows.append(Row(file=file, number=number, cells=values, headers=header_text))
    if header is None:
        names = ", ".join(f"“{columns[field][0]}”" for field in required)
        raise InputError(_("no header row with the columns %(columns)s was found") % {"columns": names}, file=file)
    return rows


def _csv_rows(upload: Upload) -> Iterator[tuple[int, list[str]]]:
    reader = limits.csv_rows(
        limits.decode_text(upload.data, upload.name, limits.EVIDENCE), upload.name, limits.EVIDENCE
    )
    for cells in reader:
        yield reader.line_num, cells


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_text(grid: Iterator[tuple[int, list[object]]]) -> Iterator[tuple[int, list[str]]]:
    for number, values in grid:
        yield number, [_cell_text(v) for v in values]
