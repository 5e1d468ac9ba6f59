"""Tasks used by the tests; worker subprocesses import them through TASKS_IMPORTS.

Each run leaves its trace in files, so a test can see which process ran what, when, and how often.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

from rashinban.tasks.api import periodic, task


def note(path: str, line: str) -> None:
    # One write() of a short line with O_APPEND: lines of concurrent writers never interleave.
    with open(path, "a") as handle:
        handle.write(f"{line} {os.getpid()} {time.time():.3f}\n")


@task(name="tests.record")
def record(path: str, seconds: float = 0.0) -> None:
    note(path, "start")
    time.sleep(seconds)
    note(path, "end")


@task(name="tests.fail", max_attempts=4)
def fail(path: str) -> None:
    note(path, "attempt")
    raise RuntimeError("this task always fails")


@task(name="tests.hold", max_attempts=3)
def hold(path: str, seconds: float) -> None:
    """Long enough to be killed in the middle."""
    note(path, "start")
    time.sleep(seconds)
    note(path, "done")


@periodic(every=timedelta(hours=1), name="tests.hourly")
def hourly() -> None:
    pass


def lines(path: str | Path) -> list[list[str]]:
    file = Path(path)
    return [line.split() for line in file.read_text().splitlines()] if file.exists() else []
