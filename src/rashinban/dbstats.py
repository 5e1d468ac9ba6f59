"""The query planner's statistics, refreshed after a bulk load (`rashinban demo --scale`, `rashinban restore`).

Without them PostgreSQL, where autovacuum is off or has not come round yet, still plans for the empty tables it
saw before: at 10,000 generated companies the newest self-check of one company took 9 ms instead of 0.2 ms, read
through the index of every diagnosis without a custom catalogue. SQLite's ANALYZE feeds its planner the same
way, and SQLite has no autovacuum to do it later. What a database administrator does after a bulk load.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper


def analyze(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
