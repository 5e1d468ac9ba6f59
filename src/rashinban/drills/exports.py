"""The drill results export as CSV: yes/no as 1/0 so that a spreadsheet can sum and filter them, every cell
through the product's one formula rule (reports/xlsx.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from rashinban.reports.xlsx import neutralise


def csv_pieces(header: Sequence[str], rows: Iterable[Sequence[Any]], size: int = 1000) -> Iterator[str]:
    """A whole CSV file in pieces of `size` lines, starting with a BOM (Excel then reads it as UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow(header)
    for number, row in enumerate(rows, start=1):
        writer.writerow([int(v) if isinstance(v, bool) else neutralise(v) for v in row])
        if number % size == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
