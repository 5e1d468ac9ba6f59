"""Running the same work in several threads released at the same instant, for tests of races."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def at_once(work: Callable[[], Any], threads: int) -> tuple[list[Any], list[BaseException]]:
    """Call `work` in `threads` threads that wait for each other before starting; each closes its database
    connections when done. Returns what the calls returned and what they raised."""
    barrier, results, errors = threading.Barrier(threads), [], []

    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            errors.append(error)
        finally:
            connections.close_all()

    started = [threading.Thread(target=run) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return results, errors
