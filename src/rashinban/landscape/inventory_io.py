"""The inventory as Excel or CSV: three tables (systems, links, vendors), read into plain rows and written out.

Reading never touches the database: it returns `ParsedInventory` (plain dicts of codes) or raises
`InventoryFileError` listing every problem with file, sheet, row and column. Headers and values are
accepted in Japanese or English (labels) or as codes; exports use the reader's language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rashinban import limits
from rashinban.landscape.choices import DataKind, Frequency, Hosting, LinkMethod, SystemKind
from rashinban.reports.xlsx import FORMULA_STARTS, BookInfo, Sheet, neutralise, to_xlsx

TRUE_WORDS = {"yes", "y", "true", "1", "はい", "有", "あり", "○", "〇", "✓"}
FALSE_WORDS = {"no", "n", "false", "0", "いいえ", "無", "なし", "×", "-", ""}
Row = tuple[int, Sequence[Any]]  # (row number as the file shows it, cells)
LIST_SEPARATORS = ("、", "，", ";", "\n")


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    kind: str = "text"  # text | choice | choices | bool | hours
    choices: tuple[tuple[str, Any], ...] = ()
    required: bool = False


TABLES: dict[str, tuple[Promise, list[Column]]] = {
    "systems": (
        gettext_lazy("Systems"),
        [
            Column("name", gettext_lazy("System name"), required=True),
            Column("department", gettext_lazy("Department"), required=True),
            Column("kind", gettext_lazy("Kind"), "choice", tuple(SystemKind.choices)),
            Column("vendor", gettext_lazy("Vendor")),
            Column("hosting", gettext_lazy("Where it runs"), "choice", tuple(Hosting.choices)),
            Column("data_kinds", gettext_lazy("Data it holds"), "choices", tuple(DataKind.choices)),
            Column("has_mfa", gettext_lazy("MFA"), "bool"),
            Column("has_backup", gettext_lazy("Backup"), "bool"),
            Column("operators", gettext_lazy("Who inside can run it")),
        ],
    ),
    "links": (
        gettext_lazy("Links"),
        [
            Column("source", gettext_lazy("From"), required=True),
            Column("target", gettext_lazy("To"), required=True),
            Column("method", gettext_lazy("Method"), "choice", tuple(LinkMethod.choices), required=True),
            Column("frequency", gettext_lazy("How often"), "choice", tuple(Frequency.choices)),
            Column("hours_per_month", gettext_lazy("Hours per month"), "hours"),
            Column("data_kinds", gettext_lazy("Data that passes"), "choices", tuple(DataKind.choices)),
        ],
    ),
    "vendors": (
        gettext_lazy("Vendors"),
        [
            Column("name", gettext_lazy("Vendor name"), required=True),
            Column("services", gettext_lazy("What they do for us")),
            Column("returns_data", gettext_lazy("Contract gives our data back"), "bool"),
            Column("returns_docs", gettext_lazy("We have the manuals and settings"), "bool"),
            Column("inside_can_operate", gettext_lazy("Someone inside can run it"), "bool"),
            Column("note", gettext_lazy("Note")),
        ],
    ),
}


@dataclass
class ParsedInventory:
    systems: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    vendors: list[dict[str, Any]] = field(default_factory=list)
    rows: dict[tuple[str, int], str] = field(default_factory=dict)  # (table, index) -> "file, sheet, row N"


class InventoryFileError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _both_languages(text: Promise) -> set[str]:
    names = set()
    for lang in ("ja", "en"):
        with translation.override(lang):
            names.add(str(text).strip().lower())
    return names


def _normal(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    if text.startswith("'") and text[1:2] and text[1:2] in FORMULA_STARTS:
        text = text[1:]  # our own export's neutralising apostrophe
    return text


def _choice(column: Column, text: str) -> str | None:
    wanted = text.lower()
    for code, label in column.choices:
        if wanted == code or wanted in _both_languages(label):
            return code
    return None


def _cell(column: Column, raw: Any) -> tuple[Any, str | None]:
    """(value, problem) for one cell."""
    text = _normal(raw)
    if column.required and not text:
        return None, _("a value is required")
    if column.kind == "bool":
        word = text.lower()
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS, None
        return None, _("write yes or no")
    if column.kind == "hours":
        try:
            hours = Decimal(text or "0")
        except InvalidOperation:
            return None, _("write a number of hours")
        if hours < 0 or hours > 10000 or not hours.is_finite():
            return None, _("write a number of hours")
        return hours.quantize(Decimal("0.1")), None
    if column.kind == "choice":
        if not text:
            return column.choices[0][0], None
        code = _choice(column, text)
        return (code, None) if code else (None, _("unknown value “%(value)s”") % {"value": text})
    if column.kind == "choices":
        for separator in LIST_SEPARATORS:
            text = text.replace(separator, ",")
        codes = []
        for part in (p.strip() for p in text.split(",") if p.strip()):
            code = _choice(column, part)
            if code is None:
                return None, _("unknown value “%(value)s”") % {"value": part}
            codes.append(code)
        return list(dict.fromkeys(codes)), None
    return text, None


def _table_for(header: Sequence[str]) -> str | None:
    """Which table a header row belongs to: the one whose required columns it has."""
    found = {_normal(h).lower() for h in header}
    for table, (_title, columns) in TABLES.items():
        if all(found & ({c.key} | _both_languages(c.label)) for c in columns if c.required):
            # "name" alone is ambiguous between systems and vendors: systems also need a department.
            return table
    return None


def _read_rows(parsed: ParsedInventory, table: str, rows: list[Row], where: str, problems: list[str]) -> None:
    _title, columns = TABLES[table]
    header = [_normal(h).lower() for h in rows[0][1]]
    index: dict[str, int] = {}
    for column in columns:
        names = {column.key} | _both_languages(column.label)
        position = next((i for i, h in enumerate(header) if h in names), None)
        if position is not None:
            index[column.key] = position
    target = getattr(parsed, table)
    for number, row in rows[1:]:
        if all(_normal(v) == "" for v in row):
            continue
        record: dict[str, Any] = {}
        for column in columns:
            raw = row[index[column.key]] if column.key in index and index[column.key] < len(row) else None
            value, problem = _cell(column, raw)
            if problem:
                problems.append(
                    _("%(where)s, row %(row)s, column “%(column)s”: %(problem)s")
                    % {"where": where, "row": number, "column": column.label, "problem": problem}
                )
            elif column.key in index or column.required or column.kind != "text":
                record[column.key] = value
        parsed.rows[(table, len(target))] = _("%(where)s, row %(row)s") % {"where": where, "row": number}
        target.append(record)


def read_inventory(name: str, content: bytes) -> ParsedInventory:
    """Parse an uploaded .xlsx (any of the three sheets) or .csv (one table, told by its header row)."""
    parsed, problems = ParsedInventory(), []
    for sheet, rows in _tables_in(name, content, problems):
        where = f"{name}, {sheet}" if sheet else name
        table = _table_for(rows[0][1]) if rows else None
        if table is None:
            if rows and not sheet:
                problems.append(
                    _(
                        "%(where)s, row 1: the header row names no known table (systems, links or "
                        "vendors); start from an export"
                    )
                    % {"where": where}
                )
            continue
        _read_rows(parsed, table, rows, where, problems)
    if not problems and not (parsed.systems or parsed.links or parsed.vendors):
        problems.append(_("%(file)s: no rows found") % {"file": name})
    if problems:
        raise InventoryFileError(problems)
    return parsed


def _tables_in(name: str, content: bytes, problems: list[str]) -> Iterable[tuple[str, list[Row]]]:
    """(sheet title, numbered non-empty rows) of each table in the file, read through rashinban.limits."""
    try:
        if name.lower().endswith(".xlsx"):
            with limits.read_workbook(content, name, limits.INVENTORY) as workbook:
                for worksheet in workbook.worksheets:
                    yield worksheet.title, list(limits.sheet_rows(worksheet, name, limits.INVENTORY))
            return
        if not name.lower().endswith(".csv"):
            problems.append(_("%(file)s: use an Excel (.xlsx) or CSV (.csv) file") % {"file": name})
            return
        text = limits.decode_text(content, name, limits.INVENTORY)
        reader = limits.csv_rows(text, name, limits.INVENTORY, delimiter=",")
        yield "", [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except limits.LimitError as error:
        problems.append(str(error))


def _export_value(column: Column, value: Any) -> Any:
    labels = {code: str(label) for code, label in column.choices}
    if column.kind == "bool":
        return _("yes") if value else _("no")
    if column.kind == "choice":
        return labels.get(value, value)
    if column.kind == "choices":
        return _(", ").join(labels.get(v, v) for v in value)
    if column.kind == "hours":
        return float(value)
    return value


def sheets(tables: dict[str, list[dict[str, Any]]]) -> list[Sheet]:
    """One `Sheet` per table, headers and values in the current language."""
    result = []
    for table, (title, columns) in TABLES.items():
        rows = [[_export_value(c, record.get(c.key, "")) for c in columns] for record in tables.get(table, [])]
        result.append(Sheet(str(title), [str(c.label) for c in columns], rows))
    return result


def to_workbook(tables: dict[str, list[dict[str, Any]]], info: BookInfo | None = None) -> bytes:
    return to_xlsx(sheets(tables), info)


def to_csv(tables: dict[str, list[dict[str, Any]]], table: str) -> bytes:
    """One table as CSV with a byte-order mark (so Excel reads UTF-8), every cell neutralised."""
    sheet = next(s for s, key in zip(sheets(tables), TABLES, strict=True) if key == table)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(h) for h in sheet.header])
    writer.writerows([[neutralise(v) for v in row] for row in sheet.rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
