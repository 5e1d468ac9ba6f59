"""The drill results export as CSV: yes/no as 1/0 so that a spreadsheet can sum and filter them, every cell
through the product's one formula rule (reports/xlsx.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from rashinban.reports.xlsx import neutralise


def cell(value: Any) -> str:
    """One CSV field as Python's csv module writes it (quoted only when it must be), formula-safe. Written by
    hand because the csv module scans long Japanese text character by character: 10,000 people's worded
    reasons took most of the export's time."""
    if value.__class__ is int:
        return str(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    text = str(neutralise(value))
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_pieces(header: Sequence[str], rows: Iterable[Sequence[Any]], size: int = 1000) -> Iterator[str]:
    """A whole CSV file in pieces of `size` lines (CRLF, as Excel writes), starting with a BOM so that Excel
    reads it as UTF-8."""
    lines = ["\ufeff" + ",".join(cell(h) for h in header) + "\r\n"]
    for row in rows:
        lines.append(",".join([cell(v) for v in row]) + "\r\n")
        if len(lines) >= size:
            yield "".join(lines)
            lines = []
    yield "".join(lines)
