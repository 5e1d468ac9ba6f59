"""`rashinban backup` on bad input: exit status 2, a message on stderr, nothing written, no database touched."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from django.utils import translation

from rashinban.cli import main
from tests.backups.installations import RASHINBAN


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    yield
    translation.deactivate()


def run(*args: str, lang: str = "en") -> Result:
    return CliRunner(env={"RASHINBAN_LANG": lang}).invoke(main, list(args))


def test_existing_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    existing = tmp_path / "yesterday.zip"
    existing.write_bytes(b"yesterday's backup")

    result = run("backup", "-o", str(existing))

    assert result.exit_code == 2 and result.stdout == ""
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert existing.read_bytes() == b"yesterday's backup"


def test_missing_folder_is_named(tmp_path: Path) -> None:
    result = run("backup", "-o", str(tmp_path / "no-such-folder" / "b.zip"))

    assert result.exit_code == 2 and result.stdout == ""
    assert "no-such-folder" in result.stderr


def test_help_lists_backup_and_restore_in_japanese(tmp_path: Path) -> None:
    # Help texts are translated when the command is defined: a fresh process in a Japanese locale.
    env = {**os.environ, "RASHINBAN_LANG": "ja", "RASHINBAN_DATA_DIR": str(tmp_path)}
    result = subprocess.run([RASHINBAN, "--help"], env=env, capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert "backup" in result.stdout and "restore" in result.stdout
    assert "バックアップ" in result.stdout and "復元" in result.stdout
