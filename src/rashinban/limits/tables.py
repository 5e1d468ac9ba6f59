"""Text files and CSV: decoded within a size, NUL-free, parsed row by row within rows, columns and field length.

Python's csv module stops at a field of 128 KiB with a bare `csv.Error`; here every field is bounded by the
profile's `max_cell_chars` and both cases give the same message with the row, so no caller sees a raw error.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from rashinban.i18n import translate as _
from rashinban.limits import HEADER_ROWS, LimitError, Limits, check_size
from rashinban.limits.text import line_of

ENCODINGS = ("utf-8-sig", "cp932")  # Excel in Japan saves CSV as Shift_JIS (CP932)


def decode_text(data: bytes, name: str, limits: Limits, encodings: tuple[str, ...] = ENCODINGS) -> str:
    """The bytes of an uploaded text file as text: within the size, UTF-8 or Shift_JIS, without NUL."""
    check_size(len(data), name, limits)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise LimitError(
            _("line %(line)s contains a NUL character: this is binary data, not a text file")
            % {"line": data.count(b"\n", 0, nul) + 1},
            file=name,
        )
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LimitError(_("the file is neither UTF-8 nor Shift_JIS text; save it as CSV (UTF-8)"), file=name)


def sniff_delimiter(text: str) -> str:
    """Comma, tab or semicolon: whichever the first line has most of."""
    first_line = text.split("\n", 1)[0]
    return max((",", "\t", ";"), key=first_line.count)


class BoundedReader:
    """A csv reader that counts rows, columns, cells and field length; `line_num` as csv.reader's."""

    def __init__(
        self,
        text: str,
        name: str,
        limits: Limits,
        delimiter: str | None = None,
        dialect: type[csv.Dialect] | None = None,
    ) -> None:
        if "\x00" in text:
            raise LimitError(
                _("line %(line)s contains a NUL character: this is binary data, not a text file")
                % {"line": line_of(text, text.index("\x00"))},
                file=name,
            )
        self.name, self.limits = name, limits
        stream = io.StringIO(text, newline="")
        if dialect is not None:
            self._reader = csv.reader(stream, dialect)
        else:
            self._reader = csv.reader(stream, delimiter=delimiter or sniff_delimiter(text))
        self.rows = self.cells = 0

    @property
    def line_num(self) -> int:
        return self._reader.line_num

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        limits = self.limits
        try:
            row = next(self._reader)
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise self._too_long() from None
            raise LimitError(
                _("this is not a readable CSV file: %(problem)s") % {"problem": error},
                file=self.name,
                row=self._reader.line_num,
            ) from None
        self.rows += 1
        self.cells += len(row)
        if self.rows > limits.max_rows + HEADER_ROWS:
            raise LimitError(
                _("the file has more than %(count)s rows") % {"count": f"{limits.max_rows:,}"},
                file=self.name,
                row=self._reader.line_num,
            )
        if len(row) > limits.max_columns:
            raise LimitError(
                _("a row has more than %(count)s columns") % {"count": limits.max_columns},
                file=self.name,
                row=self._reader.line_num,
            )
        if self.cells > limits.max_cells:
            raise LimitError(
                _("the file has more than %(count)s cells") % {"count": f"{limits.max_cells:,}"},
                file=self.name,
                row=self._reader.line_num,
            )
        if any(len(cell) > limits.max_cell_chars for cell in row):
            raise self._too_long()
        return row

    def _too_long(self) -> LimitError:
        return LimitError(
            _("a field is longer than %(count)s characters") % {"count": f"{self.limits.max_cell_chars:,}"},
            file=self.name,
            row=self._reader.line_num,
        )


def csv_rows(
    text: str, name: str, limits: Limits, delimiter: str | None = None, dialect: type[csv.Dialect] | None = None
) -> BoundedReader:
    """Rows of a CSV text (delimiter sniffed from the first line unless given), each bounded as it is read."""
    return BoundedReader(text, name, limits, delimiter=delimiter, dialect=dialect)
