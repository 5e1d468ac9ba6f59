"""CSV lines for the drill results export, each cell through the product's one formula rule (reports/xlsx.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from rashinban.reports.xlsx import neutralise


def csv_line(row: Sequence[Any]) -> str:
    """One CSV line; yes/no as 1/0 so that a spreadsheet can sum and filter them."""
    out = io.StringIO()
    csv.writer(out).writerow([int(v) if isinstance(v, bool) else neutralise(v) for v in row])
    return out.getvalue()
