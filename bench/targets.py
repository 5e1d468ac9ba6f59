"""Whether a missed *time or memory* target fails the script.

`make bench` enforces every target. The suite (tests/bench/test_scripts_run.py) runs the scripts at a small size
with RASHINBAN_BENCH_SMOKE=1 to prove they still work: on a loaded CI machine seconds say nothing, so there a
missed time target is printed but does not fail. Checks that do not depend on the machine (query counts that
grow, a file that should be refused but is not, precision floors, a collection that is incomplete) always fail.
"""

from __future__ import annotations

import os


def enforced() -> bool:
    return os.environ.get("RASHINBAN_BENCH_SMOKE") != "1"


def time_met(met: bool) -> bool:
    """`met`, or True when time targets are not enforced (the suite's smoke run)."""
    return met or not enforced()
