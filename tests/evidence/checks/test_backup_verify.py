"""`--verify PATH`: the newest file's age and a checksum list in a real folder on disk."""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime
from pathlib import Path

import pytest

from rashinban.evidence.checks.backup_verify import verification_findings, verify_folder
from rashinban.evidence.registry import InputError, Progress


def write(path: Path, data: bytes, when: datetime) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (when.timestamp(), when.timestamp()))


class Counting(Progress):
    def __init__(self) -> None:
        self.total, self.done = 0, 0

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, steps: int = 1) -> None:
        self.done += steps


@pytest.fixture
def backup_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "nightly"
    write(folder / "2026-11-23" / "kaikei.zip", b"accounting", datetime(2026, 11, 23, 2, 0))
    write(folder / "2026-11-24" / "kaikei.zip", b"accounting 2", datetime(2026, 11, 24, 2, 0))
    lines = [
        f"{hashlib.sha256(b'accounting').hexdigest()}  2026-11-23/kaikei.zip",
        f"MD5 (2026-11-24/kaikei.zip) = {hashlib.md5(b'accounting 2').hexdigest()}",
    ]
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def ids(folder: Path, today: date, max_age: int = 2) -> set[str]:
    return {f.id for f in verification_findings(verify_folder(folder), today, max_age)}


def test_fresh_backup_with_matching_checksums_is_clean(backup_dir: Path) -> None:
    progress = Counting()
    result = verify_folder(backup_dir, progress)
    assert (result.files, result.checked, result.mismatched, result.missing) == (2, 2, [], [])
    assert (progress.total, progress.done) == (2, 2)
    assert result.as_json(date(2026, 11, 25))["newest_age_days"] == 1
    assert ids(backup_dir, date(2026, 11, 25)) == set()


def test_backup_that_stopped_is_stale(backup_dir: Path) -> None:
    assert ids(backup_dir, date(2026, 11, 26)) == set()
    assert ids(backup_dir, date(2026, 11, 27)) == {"verify-stale"}


def test_changed_and_missing_files_break_the_checksums(backup_dir: Path) -> None:
    (backup_dir / "2026-11-23" / "kaikei.zip").write_bytes(b"encrypted by ransomware")
    (backup_dir / "2026-11-24" / "kaikei.zip").unlink()
    result = verify_folder(backup_dir)
    assert result.mismatched == ["2026-11-23/kaikei.zip"] and result.missing == ["2026-11-24/kaikei.zip"]
    finding = next(f for f in verification_findings(result, date(2026, 11, 25), 2) if f.id == "verify-checksum")
    assert finding.count == 2 and finding.extra["files"] == ["2026-11-23/kaikei.zip", "2026-11-24/kaikei.zip"]


def test_empty_folder_and_no_manifest(tmp_path: Path) -> None:
    assert ids(tmp_path, date(2026, 11, 25)) == {"verify-empty", "verify-no-manifest"}


def test_missing_folder_and_bad_manifest_are_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        verify_folder(tmp_path / "nope")
    (tmp_path / "SHA256SUMS").write_text("# list\nnot a checksum\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"SHA256SUMS, row 2: not a checksum line"):
        verify_folder(tmp_path)
