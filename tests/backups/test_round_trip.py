"""Back up the demo company and restore it into a fresh, empty installation: every row and file comes back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.backups.conftest import DemoBackup
from tests.backups.installations import Installation, Installations, manifest_of, rewrite_archive
from tests.backups.seeding import MEDIA, seed_demo_company
from tests.conftest import on_postgres

LATER_USER = ("createuser", "--email", "later@example.com", "--organisation", "新会社", "--password", "x" * 14)


def restore(installation: Installation, archive: Path) -> dict:
    return json.loads(installation.rashinban("restore", str(archive), "--json").stdout)


def assert_restored(target: Installation, rows: dict, media: dict[str, bytes]) -> None:
    assert target.rows() == rows
    assert target.media_files() == media
    assert set(media) == set(MEDIA)


def test_demo_company_survives_backup_and_restore(demo_backup: DemoBackup, installations: Installations) -> None:
    source, made = demo_backup.source, demo_backup.summary
    target = installations.new("target")

    restored = restore(target, demo_backup.archive)

    assert_restored(target, demo_backup.rows, source.media_files())
    assert made["rows"] == restored["rows"] == sum(len(table) for table in demo_backup.rows.values())
    assert (made["tables"], made["media_files"], made["database"]) == (len(demo_backup.rows), len(MEDIA), source.vendor)
    assert restored["database"] == restored["source_database"] == target.vendor
    assert demo_backup.archive.stat().st_mode & 0o077 == 0  # password hashes inside: owner-only
    manifest = manifest_of(demo_backup.archive)
    assert manifest["format_version"] == 1 and manifest["created_at"].endswith("Z")
    assert "data/sessions.session.jsonl" not in {member["name"] for member in manifest["members"]}
    # The restored installation keeps working: ids carry on after the restored ones (PostgreSQL sequences).
    target.rashinban(*LATER_USER)
    # Every row was inserted by the restore: the planner has statistics of them (rashinban/dbstats.py).
    stats = (
        "SELECT count(*) FROM pg_stats WHERE tablename = 'assessments_diagnosis'"
        if target.vendor == "postgresql"
        else "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'assessments_diagnosis'"
    )
    found = target.python(
        f"from django.db import connection\nc = connection.cursor(); c.execute({stats!r}); print(c.fetchone()[0])"
    )
    assert int(found.stdout) > 0


@pytest.mark.skipif(not on_postgres(), reason="runs in the PostgreSQL pass of the suite")
def test_laptop_backup_restores_into_postgresql(installations: Installations, tmp_path: Path) -> None:
    laptop = installations.new("laptop", vendor="sqlite")
    seed_demo_company(laptop)
    archive = tmp_path / "laptop.zip"
    laptop.rashinban("backup", "-o", str(archive))

    server = installations.new("server", vendor="postgresql")
    restored = restore(server, archive)

    assert (restored["source_database"], restored["database"]) == ("sqlite", "postgresql")
    assert_restored(server, laptop.rows(), laptop.media_files())
    server.rashinban(*LATER_USER)


def test_archive_from_an_older_schema_is_restored_and_migrated_forward(
    demo_backup: DemoBackup, installations: Installations, tmp_path: Path
) -> None:
    """An archive made before a migration existed: the restore builds that schema, loads, then migrates on."""
    dropped = "data/axes.accessattemptexpiration.jsonl"
    manifest = manifest_of(demo_backup.archive)
    manifest["migrations"]["axes"].remove("0010_accessattemptexpiration")
    manifest["members"] = [member for member in manifest["members"] if member["name"] != dropped]
    older = tmp_path / "older.zip"

    def edit(name: str, data: bytes) -> bytes | None:
        if name == dropped:
            return None
        return json.dumps(manifest).encode() if name == "manifest.json" else data

    rewrite_archive(demo_backup.archive, older, edit)
    target = installations.new("target")
    target.rashinban("migrate")  # already at the newest schema: the restore steps back, then forward

    restore(target, older)

    assert_restored(target, demo_backup.rows, demo_backup.source.media_files())
