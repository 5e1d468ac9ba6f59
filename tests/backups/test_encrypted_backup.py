"""`rashinban backup --encrypt` and `restore` of the encrypted archive (age format through pyrage): for a
recipient's public key, or with a passphrase; the same rows come back, and nothing of the archive is readable
without the key."""

from __future__ import annotations

import json
from pathlib import Path

import pyrage

from tests.backups.conftest import DemoBackup
from tests.backups.installations import Installations
from tests.backups.test_round_trip import assert_restored

PASSPHRASE = "a long passphrase kept in the safe"


def test_an_archive_for_a_recipient_key_restores_with_its_identity(
    demo_backup: DemoBackup, installations: Installations, tmp_path: Path
) -> None:
    identity = pyrage.x25519.Identity.generate()
    key_file = tmp_path / "key.txt"
    key_file.write_text(f"# created for the test\n{identity}\n", encoding="utf-8")
    archive = tmp_path / "rashinban.zip.age"
    source = demo_backup.source
    source.rashinban("backup", "-o", str(archive), "--recipient", str(identity.to_public()), "--json")

    data = archive.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n") and b"manifest.json" not in data and b"PK\x03\x04" not in data
    assert not list(tmp_path.glob(".rashinban-*"))  # the plain temporary archive is gone

    target = installations.new("target")
    restored = json.loads(target.rashinban("restore", str(archive), "--identity", str(key_file), "--json").stdout)
    assert restored["rows"] == demo_backup.summary["rows"]
    assert_restored(target, demo_backup.rows, source.media_files())


def test_a_passphrase_archive_needs_the_passphrase(
    demo_backup: DemoBackup, installations: Installations, tmp_path: Path
) -> None:
    archive = tmp_path / "rashinban.zip.age"
    source = demo_backup.source
    source.env["RASHINBAN_BACKUP_PASSPHRASE"] = PASSPHRASE
    try:
        source.rashinban("backup", "-o", str(archive), "--encrypt")
    finally:
        del source.env["RASHINBAN_BACKUP_PASSPHRASE"]

    target = installations.new("target")
    target.env["RASHINBAN_BACKUP_PASSPHRASE"] = "not the passphrase"
    wrong = target.rashinban("restore", str(archive), expect=2)
    assert "cannot be decrypted" in wrong.stderr and "Traceback" not in wrong.stderr
    target.env["RASHINBAN_BACKUP_PASSPHRASE"] = PASSPHRASE
    target.rashinban("restore", str(archive))
    assert_restored(target, demo_backup.rows, source.media_files())


def test_a_bad_recipient_key_is_refused_before_the_backup(demo_backup: DemoBackup, tmp_path: Path) -> None:
    result = demo_backup.source.rashinban("backup", "-o", str(tmp_path / "x.age"), "--recipient", "age1nope", expect=2)
    assert "age public key" in result.stderr and not (tmp_path / "x.age").exists()
