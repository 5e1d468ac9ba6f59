"""Excel workbooks within bounds: the zip is checked (`archives.open_zip`), then every XML part is scanned
as bytes, unpacked in slices and never parsed, before openpyxl reads a cell.

openpyxl keeps every shared string in memory even in read-only mode, pads rows out to the widest cell, and
yields an empty row for every row number it skips, so a 0.2 MB file can cost hundreds of MB or minutes. The
scan counts cells, rows and shared strings from their tags, finds the widest column named in a cell reference,
and measures text: a text node longer than `max_cell_chars` is counted exactly (entities unescaped); a shared
string is measured as a whole, rich-text runs included. Rows are then read with the dimensions openpyxl was
told dropped, each row bounded again as it comes (cells without a reference, inline rich text), so what the
scan cannot see is still refused before it is kept.
"""

from __future__ import annotations

import html
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rashinban.i18n import translate as _
from rashinban.limits import HEADER_ROWS, LimitError, Limits
from rashinban.limits.archives import open_zip

CHUNK = 1024 * 1024
KIND = "Excel (.xlsx)"
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?([A-Za-z]+)[\s>/]")
_WIDE_REFERENCE = re.compile(rb' r="([A-Z]{2,3})[0-9]')  # a literal start keeps the search fast
_TEXT = re.compile(rb"<(?:[\w.-]+:)?[tv](?:\s[^>]*)?>([^<]*)")
# A cell of the maximum length written with the longest escapes stays well under this many bytes per character.
_BYTES_PER_CHAR = 16
_SKIPPED_AS_TAG = (b"?", b"!", b"/")


def column_index(letters: str) -> int:
    """'A' -> 1, 'AA' -> 27, 'XFD' -> 16384."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


class _Scan:
    """Counts over every XML part of one workbook."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name, self.limits = name, limits
        self.cells = self.rows = self.strings = 0

    def refuse(self, problem: str) -> LimitError:
        return LimitError(problem, file=self.name)

    def too_long(self) -> LimitError:
        return self.refuse(
            _("a cell is longer than %(count)s characters") % {"count": f"{self.limits.max_cell_chars:,}"}
        )

    def member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        with archive.open(info) as stream:
            first = stream.read(CHUNK)
            head = first.lstrip(b"\xef\xbb\xbf \t\r\n")
            if not head.startswith(b"<"):
                return  # not XML (an image): bounded by its size alone, and openpyxl does not parse it
            root = next((m for m in _ROOT.finditer(head[:4096]) if m.group(0)[1:2] not in _SKIPPED_AS_TAG), None)
            prefix = (root.group(1) + b":") if root and root.group(1) else b""
            strings = bool(root and root.group(2) == b"sst")
            self._stream(stream, first, prefix, strings)

    def _stream(self, stream: Any, first: bytes, prefix: bytes, strings: bool) -> None:
        limits = self.limits
        cell, row, item = b"<" + prefix + b"c", b"<" + prefix + b"row", b"<" + prefix + b"si"
        hard_limit = limits.max_cell_chars * _BYTES_PER_CHAR
        carry = b""
        counted = [(cell, "cells"), (row, "rows")] + ([(item, "strings")] if strings else [])
        previous = b""
        chunk = first
        while chunk:
            for token, attribute in counted:
                # Tags that merely start like a cell (<col>, <cfRule>) are counted too: a few per sheet, and
                # erring on the side of more. A token split across two chunks is counted at the seam.
                seam = previous[-(len(token) - 1) :] + chunk[: len(token) - 1]
                setattr(self, attribute, getattr(self, attribute) + chunk.count(token) + seam.count(token))
            previous = chunk
            self._check_counts()
            for letters in set(_WIDE_REFERENCE.findall(chunk)):
                if column_index(letters.decode("ascii")) > limits.max_columns:
                    raise self.refuse(_("a row has more than %(count)s columns") % {"count": limits.max_columns})
            buffer = carry + chunk
            if strings:  # a shared string as a whole, rich-text runs included (their count is bounded above)
                pieces = buffer.split(item)
                carry = pieces.pop()
                if pieces and max(map(len, pieces)) > limits.max_cell_chars:
                    for piece in pieces:
                        if len(piece) > limits.max_cell_chars:
                            self._measure(piece, strings, hard_limit)
            else:
                carry = self._long_text_nodes(buffer, hard_limit)
            if len(carry) > hard_limit:
                raise self.too_long()
            chunk = stream.read(CHUNK)
        if carry:
            self._measure(carry, strings, hard_limit)

    def _long_text_nodes(self, buffer: bytes, hard_limit: int) -> bytes:
        """Measure every text node of `buffer` longer than a cell may be; return the unfinished rest.

        A run of more than `step` bytes between two `<` contains a multiple of `step`, so looking around one
        position in every `step` finds them all at memchr speed; splitting on every `<` cost seconds on a
        sheet of tiny elements.
        """
        last = buffer.rfind(b"<")
        if last < 0:
            return buffer
        step = self.limits.max_cell_chars
        for position in range(step, last, step):
            if buffer[position] == 0x3C:  # "<"
                continue
            start = buffer.rfind(b"<", 0, position)
            end = buffer.find(b"<", position, last + 1)
            if end - start - 1 > step:
                self._measure(buffer[start + 1 : end], False, hard_limit)
        return buffer[last:]

    def _measure(self, piece: bytes, strings: bool, hard_limit: int) -> None:
        if len(piece) > hard_limit:
            raise self.too_long()
        if strings:
            texts = _TEXT.findall(piece)
        else:
            texts = [piece.partition(b">")[2]]
        chars = sum(len(html.unescape(text.decode("utf-8", "replace"))) for text in texts)
        if chars > self.limits.max_cell_chars:
            raise self.too_long()

    def _check_counts(self) -> None:
        limits = self.limits
        if self.cells > limits.max_cells or self.strings > limits.max_cells:
            raise self.refuse(_("the file has more than %(count)s cells") % {"count": f"{limits.max_cells:,}"})
        if self.rows > limits.max_rows + HEADER_ROWS:
            raise self.refuse(_("the file has more than %(count)s rows") % {"count": f"{limits.max_rows:,}"})


def scan_workbook(data: bytes, name: str, limits: Limits) -> None:
    """Refuse an xlsx beyond `limits` without parsing it: zip structure, then every XML part as bytes."""
    archive = open_zip(data, name, limits, kind=KIND)
    try:
        scan = _Scan(name, limits)
        for info in archive.infolist():
            if not info.is_dir():
                scan.member(archive, info)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        raise LimitError(_("not a readable Excel workbook (.xlsx)"), file=name) from None
    except Exception as error:  # zlib.error and friends from a damaged member
        if isinstance(error, LimitError):
            raise
        raise LimitError(_("not a readable Excel workbook (.xlsx)"), file=name) from None
    finally:
        archive.close()


@contextmanager
def read_workbook(data: bytes, name: str, limits: Limits) -> Iterator[Any]:
    """An openpyxl workbook (read-only, values not formulas) of a file that passed `scan_workbook`."""
    scan_workbook(data, name, limits)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension not supported" and the like: not the user's problem
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or disguised file
        raise LimitError(_("not a readable Excel workbook (.xlsx)"), file=name) from None
    try:
        yield book
    finally:
        book.close()


def sheet_rows(sheet: Any, name: str, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """(row number as Excel shows it, values) of the non-empty rows, each bounded before it is yielded.

    The sheet's recorded dimensions are dropped first: a file may claim A1:XFD1048576 to make openpyxl pad
    every row to 16,384 columns and yield a million empty rows.
    """
    sheet.reset_dimensions()
    cells = 0
    rows = sheet.iter_rows(values_only=True)
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception:  # a value openpyxl cannot convert (a date out of range, a damaged part)
            raise LimitError(_("not a readable Excel workbook (.xlsx)"), file=name, row=number + 1) from None
        number += 1
        if not values or all(value is None for value in values):
            continue
        if len(values) > limits.max_columns:
            raise LimitError(
                _("a row has more than %(count)s columns") % {"count": limits.max_columns}, file=name, row=number
            )
        cells += len(values)
        if cells > limits.max_cells:
            raise LimitError(
                _("the file has more than %(count)s cells") % {"count": f"{limits.max_cells:,}"}, file=name, row=number
            )
        for value in values:
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                raise LimitError(
                    _("a cell is longer than %(count)s characters") % {"count": f"{limits.max_cell_chars:,}"},
                    file=name,
                    row=number,
                )
        yield number, list(values)
