"""A restore refuses, with exit status 2 and a message naming the file and the member, and writes nothing:
a damaged, truncated, altered, foreign or too new archive, and a database or media folder that holds data."""

from __future__ import annotations

import json
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from django.utils import translation

from rashinban.cli import main
from tests.backups.conftest import DemoBackup
from tests.backups.installations import Installation, Installations, manifest_of, rewrite_archive

USER_TABLE = "data/orgs.user.jsonl"
MEDIA_FILE = "media/logos/minato.svg"


@pytest.fixture
def archive(demo_backup: DemoBackup) -> Path:
    return demo_backup.archive


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    yield
    translation.deactivate()  # the CLI activates its locale's language in this process


def restore_here(path: Path) -> Result:
    """In this process and without database access (no django_db mark): the refusal must come first."""
    return CliRunner(env={"RASHINBAN_LANG": "en"}).invoke(main, ["restore", str(path)])


def assert_refused(result: Result, *needles: str) -> None:
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stdout == ""
    for needle in needles:
        assert needle in result.stderr, result.stderr


def altered(archive: Path, tmp_path: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    target = tmp_path / "altered.zip"
    rewrite_archive(archive, target, change)
    return target


def with_manifest(archive: Path, tmp_path: Path, edit: Callable[[dict], None]) -> Path:
    manifest = manifest_of(archive)
    edit(manifest)
    return altered(
        archive, tmp_path, lambda name, data: json.dumps(manifest).encode() if name == "manifest.json" else data
    )


def test_edited_table_is_refused(archive: Path, tmp_path: Path) -> None:
    path = altered(
        archive, tmp_path, lambda name, data: data.replace(b"demo@", b"evil@") if name == USER_TABLE else data
    )
    assert_refused(restore_here(path), str(path), USER_TABLE, "checksum mismatch")


def test_edited_media_file_is_refused(archive: Path, tmp_path: Path) -> None:
    path = altered(archive, tmp_path, lambda name, data: data + b"<!-- -->" if name == MEDIA_FILE else data)
    assert_refused(restore_here(path), MEDIA_FILE, "checksum mismatch")


def test_truncated_archive_is_refused(archive: Path, tmp_path: Path) -> None:
    path = tmp_path / "truncated.zip"
    path.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert_refused(restore_here(path), str(path), "damaged")


def test_damaged_bytes_inside_a_member_are_refused(archive: Path, tmp_path: Path) -> None:
    path = tmp_path / "flipped.zip"
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as opened:
        info = opened.getinfo(USER_TABLE)
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    middle = info.header_offset + 30 + name_length + extra_length + info.compress_size // 2
    data[middle] ^= 0xFF
    path.write_bytes(bytes(data))
    assert_refused(restore_here(path), USER_TABLE)


def test_member_added_behind_the_manifest_is_refused(archive: Path, tmp_path: Path) -> None:
    path = tmp_path / "extra.zip"
    path.write_bytes(archive.read_bytes())
    with zipfile.ZipFile(path, "a") as opened:
        opened.writestr("media/planted.html", "<script>")
    assert_refused(restore_here(path), "media/planted.html", "not listed")


def test_missing_member_is_refused(archive: Path, tmp_path: Path) -> None:
    path = altered(archive, tmp_path, lambda name, data: None if name == USER_TABLE else data)
    assert_refused(restore_here(path), USER_TABLE, "missing")


def test_member_named_outside_the_media_folder_is_refused(archive: Path, tmp_path: Path) -> None:
    def escape(manifest: dict) -> None:
        manifest["members"][-1]["name"] = "media/../../.bashrc"

    assert_refused(restore_here(with_manifest(archive, tmp_path, escape)), "media/../../.bashrc", "unsafe")


def test_newer_format_is_refused(archive: Path, tmp_path: Path) -> None:
    path = with_manifest(archive, tmp_path, lambda manifest: manifest.update(format_version=99))
    assert_refused(restore_here(path), "manifest.json", "newer Rashinban")


def test_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.zip"
    path.write_text("not a zip")
    assert_refused(restore_here(path), str(path), "not a Rashinban backup")
    assert_refused(restore_here(tmp_path / "absent.zip"), "does not exist")


def test_archive_from_newer_migrations_is_refused_before_any_table_is_made(
    archive: Path, tmp_path: Path, installations: Installations
) -> None:
    path = with_manifest(archive, tmp_path, lambda manifest: manifest["migrations"]["orgs"].append("0999_future"))
    target = installations.new("target")

    result = target.rashinban("restore", str(path), expect=2)

    assert "orgs.0999_future" in result.stderr and "newer version" in result.stderr
    assert table_names(target) == []


def test_non_empty_database_is_refused_and_left_unchanged(archive: Path, installations: Installations) -> None:
    target = installations.new("target")
    target.rashinban("migrate")
    target.rashinban("createuser", "--email", "first@example.com", "--organisation", "先客", "--password", "x" * 14)
    before = target.rows()

    result = target.rashinban("restore", str(archive), expect=2)

    assert "already holds data" in result.stderr and "empty" in result.stderr
    assert result.stdout == ""
    assert target.rows() == before
    assert target.media_files() == {}


def test_media_folder_with_files_is_refused(archive: Path, installations: Installations) -> None:
    target = installations.new("target")
    (target.media / "old").mkdir(parents=True)
    (target.media / "old" / "kept.txt").write_text("mine")

    result = target.rashinban("restore", str(archive), expect=2)

    assert "already holds files" in result.stderr
    assert target.media_files() == {"old/kept.txt": b"mine"}
    assert table_names(target) == []


def table_names(installation: Installation) -> list[str]:
    code = "from django.db import connection; print(','.join(connection.introspection.table_names()))"
    return [name for name in installation.python(code).stdout.strip().split(",") if name]
