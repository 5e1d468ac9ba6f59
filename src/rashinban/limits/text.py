"""Text that cannot be stored or shown: NUL characters and lone surrogates.

PostgreSQL refuses a NUL in text and UTF-8 cannot encode a lone surrogate (`"\\ud800"` in JSON), so either
would fail deep inside a save as a server error. They are refused at the edge with a message instead.
"""

from __future__ import annotations

from rashinban.i18n import translate as _
from rashinban.limits import LimitError


def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored, or None: a NUL character or a lone surrogate."""
    if "\x00" in text:
        return _("it contains a NUL character (binary data, not text)")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return _("it contains an invalid character (half of a UTF-16 surrogate pair)")
    return None


def check_text(text: str, name: str, *, row: int | None = None, field: str = "") -> str:
    """`text` unchanged, or LimitError naming the file, row and field."""
    problem = text_problem(text)
    if problem:
        raise LimitError(problem, file=name, row=row, field=field)
    return text


def line_of(text: str, position: int) -> int:
    """The 1-based line of a character position, for messages."""
    return text.count("\n", 0, position) + 1
