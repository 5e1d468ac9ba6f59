"""A drill's event stream as JSON Lines: what the drill page exports and `rashinban drills classify` reads.
Pure: no Django model. Format (one object per line, documented in docs/drills.md):

    {"at": "2026-04-01T09:00:00.120000+00:00", "recipient": "bob@example.co.jp", "event": "delivered"}
    {"at": "…", "recipient": "…", "event": "landing", "ip": "40.107.218.12", "user_agent": "Mozilla/5.0 …"}
    {"at": "…", "recipient": "…", "event": "interaction", "ip": "…", "user_agent": "…",
     "signals": {"ms_to_press": 6400, "moves": 37, "jumps": 0, "press_ms": 96, "centred": false, "input": "mouse",
                 "trusted": true, "webdriver": false, "pressed": true}}
    {"at": "…", "recipient": "…", "event": "report", "channel": "mailbox"}

Reading is bounded before anything is parsed (`read_lines`, with the `rashinban.limits.DRILL_EVENTS` profile:
file size, line length, number of lines, nesting); every problem names the file, the line and the field.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import datetime
from ipaddress import ip_address
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rashinban.drills.classify import Hit, Signals, Stream
from rashinban.evidence.text import _
from rashinban.limits import DRILL_EVENTS, LimitError, check_size, walk_checked

LIMITS = DRILL_EVENTS  # a row is a line, a cell's length the line's bytes


class StreamProblem(ValueError):
    """Bad input, with where it is: `file, line 12, field "at": …`."""

    def __init__(self, message: str, *, file: str, line: int | None = None, field: str | None = None) -> None:
        self.file, self.line, self.field = file, line, field
        where = file
        if line is not None:
            where += _(", line %(n)s") % {"n": line}
        if field:
            where += _(', field "%(field)s"') % {"field": field}
        super().__init__(f"{where}: {message}")


class _Signals(BaseModel):
    model_config = ConfigDict(extra="ignore")
    ms_to_first: int | None = Field(default=None, ge=0, le=86_400_000)
    ms_to_press: int | None = Field(default=None, ge=0, le=86_400_000)
    moves: int = Field(default=0, ge=0, le=100_000)
    jumps: int = Field(default=0, ge=0, le=100_000)
    press_ms: int | None = Field(default=None, ge=0, le=600_000)
    centred: bool = False
    input: Literal["mouse", "touch", "pen", "key", ""] = ""
    trusted: bool = True
    webdriver: bool = False
    pressed: bool = True


class _Line(BaseModel):
    model_config = ConfigDict(extra="ignore")
    at: datetime
    recipient: str = Field(min_length=1, max_length=320)
    event: Literal["delivered", "open", "landing", "interaction", "submit", "report"]
    ip: str = Field(default="", max_length=45)
    user_agent: str = Field(default="", max_length=1000)
    channel: Literal["page", "mailbox"] = "page"
    signals: _Signals | None = None

    @field_validator("at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("the time needs its UTC offset, e.g. 2026-04-01T09:00:00+09:00")
        return value

    @field_validator("ip")
    @classmethod
    def _ip(cls, value: str) -> str:
        if value:
            ip_address(value)
        return value

    @field_validator("ip", "user_agent", mode="before")
    @classmethod
    def _none_is_blank(cls, value: Any) -> Any:
        return "" if value is None else value


def read_lines(path: str) -> Iterator[tuple[int, bytes]]:
    """The file's non-blank lines with their numbers, refused before parsing when beyond the bounds."""
    name = os.path.basename(path)
    try:
        size = os.stat(path).st_size
        check_size(size, name, LIMITS)
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise StreamProblem(_("cannot read the file: %(p)s") % {"p": error.strerror or error}, file=name) from error
    except LimitError as error:
        raise StreamProblem(error.problem, file=name) from None
    longest = LIMITS.max_cell_chars
    with handle:
        for number, raw in enumerate(iter(lambda: handle.readline(longest + 1), b""), start=1):
            if number > LIMITS.max_rows:
                message = _("more than %(n)s lines") % {"n": f"{LIMITS.max_rows:,}"}
                raise StreamProblem(message, file=name, line=number)
            if len(raw) > longest:
                raise StreamProblem(_("the line is longer than %(n)s bytes") % {"n": longest}, file=name, line=number)
            if raw.strip():
                yield number, raw


def parse_lines(lines: Iterable[tuple[int, bytes]], name: str) -> list[Stream]:
    """Streams per recipient, in the order recipients first appear."""
    delivered: dict[str, datetime | None] = {}
    hits: dict[str, list[Hit]] = {}
    for number, raw in lines:
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise StreamProblem(_("not a JSON object: %(p)s") % {"p": error}, file=name, line=number) from error
        if not isinstance(data, dict):
            raise StreamProblem(_("not a JSON object"), file=name, line=number)
        try:  # nesting, and text no database can store (NUL, half a surrogate pair)
            walk_checked(data, name, LIMITS, strings="\\u" in raw.decode("utf-8", "replace"))
        except LimitError as error:
            raise StreamProblem(error.problem, file=name, line=number, field=error.field or None) from None
        try:
            line = _Line.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            raise StreamProblem(first["msg"], file=name, line=number, field=field) from None
        delivered.setdefault(line.recipient, None)
        hits.setdefault(line.recipient, [])
        if line.event == "delivered":
            delivered[line.recipient] = line.at
            continue
        signals = Signals(**line.signals.model_dump()) if line.signals else None
        hits[line.recipient].append(Hit(at=line.at, event=line.event, ip=line.ip, user_agent=line.user_agent,
                                        signals=signals, channel=line.channel, ref=number))  # fmt: skip
    return [Stream(r, delivered[r], tuple(hits[r])) for r in delivered]


def read_file(path: str) -> list[Stream]:
    return parse_lines(read_lines(path), os.path.basename(path))


def line(at: datetime | str, recipient: str, event: str, ip: str = "", user_agent: str = "",
         signals: dict[str, Any] | str | None = None, channel: str = "page") -> str:  # fmt: skip
    """One exported line (with its newline); the fields a hit lacks are left out. `signals` may be the JSON
    text as stored and `at` an ISO 8601 text, passed through unparsed: the export of 200,000 events writes
    lines, it does not rebuild them."""
    when = at if isinstance(at, str) else at.isoformat()
    parts = [f'{{"at":"{when}","recipient":{_string(recipient)},"event":"{event}"']
    if ip:
        parts.append(f',"ip":"{ip}"')
    if user_agent:
        parts.append(f',"user_agent":{_string(user_agent)}')
    if channel != "page":
        parts.append(f',"channel":"{channel}"')
    if signals:
        parts.append(f',"signals":{signals if isinstance(signals, str) else _ENCODER.encode(signals)}')
    parts.append("}\n")
    return "".join(parts)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_string = json.encoder.encode_basestring  # type: ignore[attr-defined]  # JSON string with quotes, as json.dumps


def signals_dict(signals: Signals | None) -> dict[str, Any] | None:
    return asdict(signals) if signals is not None else None
