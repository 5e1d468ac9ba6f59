"""One consistent view of the database for the whole dump, without stopping the people who use it.

PostgreSQL: a REPEATABLE READ, READ ONLY transaction; MVCC lets writers carry on.
SQLite: the settings begin every Django transaction with BEGIN IMMEDIATE, which would hold the write
lock for the whole dump. Instead SQLite's online backup API copies the file in one step (a read
transaction; in WAL mode writers carry on) and the dump reads that private copy.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from rashinban.backups.archive import ArchiveError
from rashinban.i18n import _

SNAPSHOT_ALIAS = "rashinban_backup_snapshot"


@contextmanager
def database_snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[str]:
    """Yield a database alias whose every read sees the same moment."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                # Must be the first statement of the transaction.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield using
    elif connection.vendor == "sqlite":
        with _sqlite_copy(using) as alias:
            yield alias
    else:
        raise ArchiveError(_("backups support SQLite and PostgreSQL, not %(vendor)s") % {"vendor": connection.vendor})


@contextmanager
def _sqlite_copy(using: str) -> Iterator[str]:
    settings_dict = connections.settings[using]
    database = Path(settings_dict["NAME"])
    if not database.is_file():
        raise ArchiveError(_("the database %(file)s does not exist; nothing to back up") % {"file": database})
    # Next to the database: the disk that holds it has room for a copy; /tmp may be a small tmpfs.
    with tempfile.TemporaryDirectory(prefix=".rashinban-backup-", dir=database.parent) as folder:
        copy = Path(folder) / "snapshot.sqlite3"
        source = sqlite3.connect(database, timeout=float(settings_dict["OPTIONS"].get("timeout", 20)))
        target = sqlite3.connect(copy)
        with closing(source), closing(target):
            source.backup(target)  # all pages in one step: one snapshot, never restarted by a writer
        connections.settings[SNAPSHOT_ALIAS] = {**settings_dict, "NAME": str(copy), "OPTIONS": {}}
        try:
            yield SNAPSHOT_ALIAS
        finally:
            connections[SNAPSHOT_ALIAS].close()
            del connections[SNAPSHOT_ALIAS]
            del connections.settings[SNAPSHOT_ALIAS]
