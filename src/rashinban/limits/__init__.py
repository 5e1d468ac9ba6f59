"""Bounded readers for every file a user hands us: xlsx, zip, gz, csv, JSON, YAML and XML.

A spreadsheet of 0.9 MB can unpack to hundreds of MB, a JSON file of a few KB can nest deeper than Python's
stack, a YAML file can expand its aliases exponentially. Every upload and import reads through this package,
which checks size, uncompressed size, members, compression ratio, rows, columns, cells, the length of one cell,
nesting depth and the number of values *before* a parser builds anything, and refuses with a translated
message that names the file (and the row or field where known). Callers choose one of the profiles below,
sized for what their files legitimately hold.

This package imports no Django model; it runs the same on the command line and in the web app.

    with read_workbook(data, "devices.xlsx", EVIDENCE) as book:
        for number, cells in sheet_rows(book.worksheets[0], "devices.xlsx", EVIDENCE): ...
    rows = csv_rows(decode_text(data, "users.csv", EVIDENCE), "users.csv", EVIDENCE)
    data = load_json(text, "answers.json", ANSWER_FILE)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rashinban.i18n import translate as _

KIB = 1024
MIB = 1024 * KIB


# The first row of a table names its columns; `max_rows` counts the rows of data after it.
HEADER_ROWS = 1


@dataclass(frozen=True)
class Limits:
    """What one kind of upload may hold. Every bound is checked before or while parsing, never after."""

    max_bytes: int = 25 * MIB  # the file as uploaded
    # All members of a zip/xlsx, or a gz stream, once unpacked. An xlsx is scanned as bytes at about 30 MB/s
    # on a busy machine before openpyxl reads it, so this bounds the time a refusal takes too.
    max_uncompressed: int = 32 * MIB
    max_member_bytes: int = 24 * MIB  # one member once unpacked (one worksheet's XML)
    max_members: int = 1_000  # files inside a zip or xlsx (an xlsx from Excel has 10-30)
    max_ratio: int = 200  # unpacked size / packed size of one member (a bomb is ~1,000)
    max_rows: int = 50_000  # rows of data; one first row of column names is allowed on top (HEADER_ROWS)
    max_columns: int = 200
    max_cells: int = 300_000
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_depth: int = 32  # nesting of JSON/YAML/XML
    max_items: int = 1_000_000  # values in a JSON/YAML/XML document, aliases expanded

    def but(self, **changes: int) -> Limits:
        """A copy with some bounds changed: `EVIDENCE.but(max_rows=100)`."""
        return replace(self, **changes)


# Profiles: one per kind of upload, sized for the largest honest file of that kind.
DEFAULT = Limits()
# Account exports: a 100,000-row export is about 15 MB of CSV (read in C, so many cells are cheap).
EVIDENCE = Limits(max_rows=100_000, max_cells=1_500_000)
# Registers in Excel (backups, devices): openpyxl reads 25,000-60,000 cells a second, so fewer cells; a
# 10,000-device inventory of 8 columns fits (bench/evidence_checks.py).
EVIDENCE_SHEET = Limits(max_rows=20_000, max_cells=200_000)
# A filled-in answer sheet: a few hundred questions (the web form takes up to 2 MB).
ANSWER_FILE = Limits(
    max_bytes=2 * MIB, max_uncompressed=8 * MIB, max_member_bytes=8 * MIB, max_rows=5_000, max_cells=50_000
)
# Systems map inventories and KPI values (2 MB uploads).
INVENTORY = Limits(
    max_bytes=2 * MIB, max_uncompressed=24 * MIB, max_member_bytes=24 * MIB, max_rows=20_000, max_cells=200_000
)
PLANNING = INVENTORY
# A question bank imported by a company: YAML only. YAML is read at about 1 MB/s on a busy machine (events,
# then composing), so YAML profiles stay small: our own banks are about 30 KB.
CATALOG = Limits(max_bytes=256 * KIB, max_items=50_000, max_depth=16)
# Small YAML settings files checked as evidence (a password policy, a backup register): a few KB each.
SETTINGS_FILE = Limits(max_bytes=256 * KIB, max_items=50_000)
# An answer file as YAML or JSON text rather than a workbook: a few hundred answers.
ANSWER_TEXT = Limits(max_bytes=256 * KIB, max_items=50_000)
# Files sent to the REST API (evidence uploads) and JSON request bodies.
API_FILE = Limits(max_bytes=20 * MIB)
# Evidence files travel base64-encoded inside the body (20 MB -> 27 MB of text).
API_BODY = Limits(max_bytes=28 * MIB, max_items=100_000, max_depth=16, max_cell_chars=28 * MIB)
# A whole company moved with `import-org`: large, but it is still one company.
ORG_IMPORT = Limits(
    max_bytes=512 * MIB, max_uncompressed=2048 * MIB, max_items=30_000_000, max_depth=16, max_cell_chars=10 * MIB
)
# A drill's exported event stream given to `rashinban drills classify` (JSON Lines): 200,000 events, the largest
# drill planned for, take about 40 MB. A row is a line; one line holds one hit (a user agent, a few numbers).
DRILL_EVENTS = Limits(max_bytes=128 * MIB, max_rows=500_000, max_cell_chars=8 * KIB, max_depth=4)
# A backup archive given to `rashinban restore`: the operator's own file, but checked before it is opened.
BACKUP_ARCHIVE = Limits(
    max_bytes=1 << 40, max_uncompressed=1 << 42, max_member_bytes=1 << 40, max_members=10_000_000, max_ratio=2_000
)


class LimitError(ValueError):
    """A file beyond a bound or unreadable; `str()` names the file, the row and the field where known."""

    def __init__(self, problem: str, *, file: str = "", row: int | None = None, field: str = "") -> None:
        super().__init__(problem)
        self.problem, self.file, self.row, self.field = problem, file, row, field

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.field:
            where.append(_("column “%(column)s”") % {"column": self.field})
        return f"{', '.join(where)}: {self.problem}" if where else self.problem


def size_text(count: int) -> str:
    """A byte count for messages: '25 MB', '512 KB'."""
    if count >= MIB:
        return f"{count / MIB:,.0f} MB"
    return f"{max(1, count // KIB):,} KB"


def check_size(size: int, name: str, limits: Limits) -> None:
    """Refuse a file larger than the profile allows, before anything reads it."""
    if size > limits.max_bytes:
        raise LimitError(
            _("the file is larger than %(limit)s; split it or remove what is not needed")
            % {"limit": size_text(limits.max_bytes)},
            file=name,
        )


# The readers, imported last: they use Limits and LimitError above.
from rashinban.limits.archives import open_zip, read_gzip, read_member  # noqa: E402
from rashinban.limits.structured import check_yaml, load_json, load_yaml, walk_checked  # noqa: E402
from rashinban.limits.tables import csv_rows, decode_text  # noqa: E402
from rashinban.limits.text import check_text, text_problem  # noqa: E402
from rashinban.limits.xlsx import read_workbook, sheet_rows  # noqa: E402
from rashinban.limits.xml import parse_xml  # noqa: E402

__all__ = [
    "ANSWER_FILE",
    "ANSWER_TEXT",
    "API_BODY",
    "API_FILE",
    "BACKUP_ARCHIVE",
    "CATALOG",
    "DEFAULT",
    "DRILL_EVENTS",
    "EVIDENCE",
    "EVIDENCE_SHEET",
    "INVENTORY",
    "ORG_IMPORT",
    "PLANNING",
    "SETTINGS_FILE",
    "LimitError",
    "Limits",
    "check_size",
    "check_text",
    "check_yaml",
    "csv_rows",
    "decode_text",
    "load_json",
    "load_yaml",
    "open_zip",
    "parse_xml",
    "read_gzip",
    "read_member",
    "read_workbook",
    "sheet_rows",
    "text_problem",
    "walk_checked",
]
