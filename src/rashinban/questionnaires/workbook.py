"""Read a customer's questionnaire in its own layout and write the answers back into that same layout.

Reading: the file passes `rashinban.limits` first (size, unpacked size, cells) and is opened with openpyxl in
full mode (merged cells and formulas are needed). The sheet, the question column and the answer column are the
user's choice, or detected: a header cell such as 「質問」「設問」「確認事項」 and 「回答」「ご回答」「実施状況」
within the first HEADER_ROWS rows, else the column with the most question-like texts and the first column right
of it whose cells are empty.

Writing: only the answer cells change, through openpyxl on the customer's own file, so other sheets, formulas,
merged cells, styles, column widths and data validations stay as they were. A cell that already holds a value or
a formula is kept unless `overwrite` is set (a formula never is). An answer cell inside a merged range is written
to the range's top-left cell. Text that starts like a formula is written as text (reports.xlsx.neutralise).
Charts and images in the customer's workbook are not kept by openpyxl; the CLI and the page say so.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from rashinban import limits
from rashinban.i18n import translate as _
from rashinban.limits import LimitError
from rashinban.limits.xlsx import scan_workbook

LIMITS = limits.ANSWER_FILE.but(
    max_bytes=5 * limits.MIB, max_uncompressed=20 * limits.MIB, max_member_bytes=16 * limits.MIB
)
HEADER_ROWS = 30
MAX_QUESTIONS = 2_000
QUESTION_HEADERS = (
    "質問",
    "設問",
    "確認事項",
    "確認項目",
    "チェック項目",
    "質問事項",
    "確認内容",
    "項目",
    "question",
    "要求事項",
)
ANSWER_HEADERS = ("回答", "ご回答", "回答欄", "貴社回答", "実施状況", "対応状況", "状況", "answer", "response")
QUESTIONISH = re.compile(r"(か[。．]?|[?？]|いるか|ますか)\s*$")


@dataclass(frozen=True)
class Row:
    row: int
    question: str
    answer_cell: str
    existing: Any = None

    @property
    def has_formula(self) -> bool:
        return isinstance(self.existing, str) and self.existing.startswith("=")


@dataclass(frozen=True)
class Layout:
    sheet: str
    question_column: str
    answer_column: str
    header_row: int | None
    rows: list[Row]
    sheets: list[str]


def _open(data: bytes, name: str):  # type: ignore[no-untyped-def]
    scan_workbook(data, name, LIMITS)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data))
    except Exception:  # openpyxl raises many kinds for a damaged or disguised file
        raise LimitError(_("not a readable Excel workbook (.xlsx)"), file=name) from None


def _column(letter: str | None, name: str) -> int | None:
    if not letter:
        return None
    try:
        index = column_index_from_string(letter.strip().upper())
    except ValueError:
        raise LimitError(_("'%(column)s' is not a column letter such as C") % {"column": letter}, file=name) from None
    if index > LIMITS.max_columns:
        raise LimitError(_("'%(column)s' is not a column letter such as C") % {"column": letter}, file=name)
    return index


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _header(sheet) -> tuple[int, int | None, int | None] | None:  # type: ignore[no-untyped-def]
    for row in sheet.iter_rows(min_row=1, max_row=min(HEADER_ROWS, sheet.max_row or 1)):
        question = answer = None
        for cell in row:
            text = _text(cell.value).lower().replace(" ", "").replace("　", "")
            if not text or len(text) > 12:
                continue
            if (
                question is None
                and any(h in text for h in QUESTION_HEADERS)
                and not any(h in text for h in ANSWER_HEADERS)
            ):
                question = cell.column
            elif answer is None and any(h in text for h in ANSWER_HEADERS):
                answer = cell.column
        if question is not None:
            return row[0].row, question, answer
    return None


def _guess_question_column(sheet) -> int | None:  # type: ignore[no-untyped-def]
    counts: dict[int, int] = {}
    for row in sheet.iter_rows(max_row=min(sheet.max_row or 1, LIMITS.max_rows)):
        for cell in row:
            text = _text(cell.value)
            if len(text) >= 8 and QUESTIONISH.search(text):
                counts[cell.column] = counts.get(cell.column, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


def _merged_anchor(sheet, row: int, column: int) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """The top-left cell of the merged range holding (row, column), or None when it is not merged."""
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            return merged.min_row, merged.min_col
    return None


def read_layout(
    data: bytes,
    name: str,
    sheet_name: str | None = None,
    question_column: str | None = None,
    answer_column: str | None = None,
) -> Layout:
    book = _open(data, name)
    sheets = book.sheetnames
    if sheet_name:
        if sheet_name not in sheets:
            raise LimitError(
                _("there is no sheet '%(sheet)s'; sheets: %(sheets)s")
                % {"sheet": sheet_name, "sheets": ", ".join(sheets)},
                file=name,
            )
        candidates = [book[sheet_name]]
    else:
        candidates = [book[s] for s in sheets]
    q_index, a_index = _column(question_column, name), _column(answer_column, name)
    best: tuple[int, Any, int | None, int, int] | None = None
    for sheet in candidates:
        header = _header(sheet)
        header_row = header[0] if header else None
        q = q_index or (header[1] if header else None) or _guess_question_column(sheet)
        if q is None:
            continue
        a = a_index or (header[2] if header and header[2] else None) or _first_empty_right(sheet, q, header_row)
        count = sum(1 for r in range(1, (sheet.max_row or 0) + 1) if len(_text(sheet.cell(r, q).value)) >= 6)
        if best is None or count > best[0]:
            best = (count, sheet, header_row, q, a)
    if best is None:
        raise LimitError(_("no column of questions was found; name the sheet and the question column"), file=name)
    _count, sheet, header_row, q, a = best
    if q == a:
        raise LimitError(_("the question column and the answer column are the same"), file=name)
    rows = []
    for r in range((header_row or 0) + 1, (sheet.max_row or 0) + 1):
        if _merged_anchor(sheet, r, q) not in (None, (r, q)):
            continue  # the lower part of a merged question cell
        text = _text(sheet.cell(r, q).value)
        if len(text) < 6 or text.startswith("="):
            continue
        anchor = _merged_anchor(sheet, r, a) or (r, a)
        if anchor[0] != r:
            continue  # the answer cell belongs to a merged range that starts above: not this question's
        cell = sheet.cell(*anchor)
        rows.append(Row(r, text[: LIMITS.max_cell_chars], cell.coordinate, cell.value))
        if len(rows) > MAX_QUESTIONS:
            raise LimitError(_("the sheet has more than %(count)s questions") % {"count": MAX_QUESTIONS}, file=name)
    return Layout(sheet.title, get_column_letter(q), get_column_letter(a), header_row, rows, sheets)


def _first_empty_right(sheet, q: int, header_row: int | None) -> int:  # type: ignore[no-untyped-def]
    start = (header_row or 0) + 1
    last = min(sheet.max_row or start, start + 200)
    for column in range(q + 1, min(q + 12, LIMITS.max_columns)):
        values = [sheet.cell(r, column).value for r in range(start, last + 1)]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            return column
    return q + 1


def write_answers(
    data: bytes, name: str, layout: Layout, answers: Mapping[int, str], overwrite: bool = False
) -> tuple[bytes, list[int]]:
    """The customer's workbook with `answers` (by row) in their answer cells; also the rows written."""
    from rashinban.reports.xlsx import neutralise

    book = _open(data, name)
    sheet = book[layout.sheet]
    written = []
    by_row = {row.row: row for row in layout.rows}
    for number, answer in answers.items():
        row = by_row.get(number)
        if row is None or not answer:
            continue
        cell = sheet[row.answer_cell]
        current = cell.value
        if isinstance(current, str) and current.startswith("="):
            continue  # a formula of the customer's: never replaced
        if current not in (None, "") and not overwrite:
            continue
        cell.value = neutralise(answer[: LIMITS.max_cell_chars])
        written.append(number)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), written
