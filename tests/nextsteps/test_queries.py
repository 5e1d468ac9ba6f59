"""The ranking reads a company in a fixed number of queries, however much data it has (bench/nextsteps.py builds
the companies and measures the time; here only the count, which does not depend on the machine)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rashinban.nextsteps import plan_for
from rashinban.nextsteps.gather import plans_for

BENCH = Path(__file__).resolve().parents[2] / "bench" / "nextsteps.py"


def bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_nextsteps", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def queries(function, *args) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        function(*args)
    return len(captured)


def test_query_count_does_not_grow_with_the_data(db):
    builder = bench()
    small = builder.company("small", 0)
    large = builder.company("large", 4)

    assert len(plan_for(large).steps) > len(plan_for(small).steps)
    assert queries(plan_for, large) == queries(plan_for, small)
    # many companies at once (the advisor portfolio, the daily job): the same number again
    assert queries(plans_for, [small, large]) == queries(plan_for, small)
