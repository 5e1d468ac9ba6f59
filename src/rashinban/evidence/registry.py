"""The one registry of evidence checks: what each takes, how its input is parsed, how it runs, what it proves.

A check is plugged in by a module that defines `CHECK = Check(...)` and is listed in `CHECK_MODULES`.
The CLI (`rashinban check NAME`), the web pages (`/o/<org>/evidence/NAME/`) and the history all go through
the same two functions of the spec:

    data = check.parse(CheckInput(...))      # raises InputError naming file, row and column
    result = check.run(data, progress)       # returns a CheckResult; pure, no Django model

`fields` say what the web page asks for (uploads, text); the CLI command builds the same `CheckInput` from
its arguments, so both paths parse and check with the same code. `questions` map a self-check question id
to the finding ids that speak against a "done" answer; `verdicts.verdicts_for` reads it.

This module imports no Django model; titles are English msgids translated where they are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from typing import Any

import click

from rashinban.evidence.findings import CheckResult

# One line per check module; each defines CHECK (and may define COMMAND, a click command for `rashinban check`).
CHECK_MODULES: tuple[str, ...] = (
    "rashinban.evidence.accounts",
    "rashinban.evidence.maildomain",
    "rashinban.evidence.checks.password",
    "rashinban.evidence.checks.password_policy",
    "rashinban.evidence.checks.backups",
    "rashinban.evidence.checks.devices",
)

FIELD_KINDS = ("files", "file", "text", "textarea", "password", "number", "date", "choice", "multi", "table")
COLUMN_KINDS = ("text", "date", "number", "yesno", "choice")


@dataclass(frozen=True)
class Column:
    """One column of a "table" field: a row of the web form becomes a row of the register or inventory.

    `header` is the header the check's own reader knows (the Excel template's), so the form's rows are read by
    the very code that reads an uploaded file; `choices` are (value the reader knows, English msgid label)."""

    name: str
    header: str
    label: str  # English msgid
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Field:
    """One input of the web form: an upload ("file", "files" for several) or a value."""

    name: str
    label: str  # English msgid, translated when shown
    kind: str = "text"
    required: bool = True
    help: str = ""  # English msgid
    accept: str = ""  # for uploads, e.g. ".csv,.xlsx"
    initial: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # "choice" and "multi": (value, English msgid label)
    columns: tuple[Column, ...] = ()  # "table": the columns of each row
    rows: int = 8  # "table": rows offered by the web form
    into: str = ""  # "table": the upload field its rows stand for when no file is chosen

    def __post_init__(self) -> None:
        if self.kind not in FIELD_KINDS:
            raise ValueError(f"unknown field kind {self.kind!r}")


@dataclass(frozen=True)
class Upload:
    """A file as the checker sees it: a name for messages and the raw bytes (encoding is the parser's job)."""

    name: str
    data: bytes
    # Rows typed into the web form instead of a file: the header row, then one tuple of cells per form row
    # (row numbers in messages are the form's). Only the server builds it; an uploaded file never has one.
    grid: tuple[tuple[str, ...], ...] | None = None


class Progress:
    """Progress of a long run; the CLI shows it as a bar on a terminal, elsewhere it is silent."""

    def start(self, total: int) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass


@dataclass
class CheckInput:
    """What the user gave, the same from the CLI and the web: uploads and values by field name."""

    files: dict[str, list[Upload]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    today: date | None = None  # the organisation's (web) or the machine's (CLI) date, or --today
    options: dict[str, Any] = field(default_factory=dict)  # not from the user: e.g. {"nameserver": "127.0.0.1:5353"}
    progress: Progress = field(default_factory=lambda: Progress())  # a bar on a terminal while reading big files

    def value(self, name: str, default: str = "") -> str:
        return (self.values.get(name) or default).strip()

    def uploads(self, name: str) -> list[Upload]:
        return self.files.get(name, [])


class InputError(Exception):
    """Input the checker cannot read. The message names the file, row and column (1-based), translated."""

    def __init__(self, problem: str, *, file: str = "", row: int | None = None, column: str = "") -> None:
        super().__init__(problem)
        self.problem, self.file, self.row, self.column = problem, file, row, column

    def __str__(self) -> str:
        from rashinban.evidence.text import _

        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        return f"{', '.join(where)}: {self.problem}" if where else self.problem


@dataclass(frozen=True)
class Check:
    name: str  # CLI subcommand and URL part: "accounts", "mail-domain"
    title: str  # English msgid
    description: str  # English msgid: what it proves and what to upload or enter
    fields: tuple[Field, ...]
    parse: Callable[[CheckInput], Any]
    run: Callable[[Any, Progress], CheckResult]
    # self-check question id -> finding ids (medium or worse) that contradict a "done" answer
    questions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # What was checked, when a check has several subjects (a mail domain): runs are compared per subject.
    subject: Callable[[Any], str] = lambda data: ""
    # The web page remembers the subject and the worker re-checks it weekly (mail domains).
    remembers_subject: bool = False
    # Finding ids that mean "could not decide" (DNS did not answer): such a run neither backs nor contradicts.
    inconclusive: tuple[str, ...] = ()
    # False for checks whose input must never be stored (a password): no history row is written.
    record: bool = True
    order: int = 100  # position on the overview


_CHECKS: dict[str, Check] = {}
_COMMANDS: list[click.Command] = []


def _load() -> None:
    if _CHECKS:
        return
    for module_name in CHECK_MODULES:
        module = import_module(module_name)
        check: Check = module.CHECK
        if check.name in _CHECKS:
            raise ValueError(f"two evidence checks are named {check.name!r}")
        _CHECKS[check.name] = check
        if getattr(module, "COMMAND", None) is not None:
            _COMMANDS.append(module.COMMAND)


def all_checks() -> list[Check]:
    _load()
    return sorted(_CHECKS.values(), key=lambda c: (c.order, c.name))


def get_check(name: str) -> Check | None:
    _load()
    return _CHECKS.get(name)


def commands() -> list[click.Command]:
    _load()
    return list(_COMMANDS)
