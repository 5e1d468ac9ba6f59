"""The results export writes its CSV by hand for speed; it must read back exactly as Python's csv module
writes it (the independent reference), formulas neutralised."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from rashinban.drills.exports import csv_pieces
from rashinban.reports.xlsx import neutralise

values = st.one_of(st.booleans(), st.integers(0, 10**6), st.text(max_size=40))


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(values, min_size=3, max_size=3), max_size=8))
def test_hand_written_csv_equals_the_csv_module(rows):
    ours = "".join(csv_pieces(["名前", "a,b", '"q"'], rows, size=3))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["名前", "a,b", '"q"'])
    writer.writerows([[int(v) if isinstance(v, bool) else neutralise(v) for v in row] for row in rows])
    assert ours == "\ufeff" + out.getvalue()
    assert list(csv.reader(io.StringIO(ours.lstrip("\ufeff"), newline="")))[1:] == [
        [str(int(v)) if isinstance(v, bool) else str(neutralise(v)) for v in row] for row in rows
    ]
