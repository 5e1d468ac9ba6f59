"""The shipped sample files read back with the checks' own readers, and match what samples.py writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rashinban.evidence.checks.backup_register import read_register
from rashinban.evidence.checks.devices import check_devices, read_inventory
from rashinban.evidence.checks.eol import builtin_table
from rashinban.evidence.checks.password_policy import check_policy, read_policy
from rashinban.evidence.checks.samples import (
    BACKUP_REGISTER,
    DEVICES_INVENTORY,
    PASSWORD_POLICY,
    STATIC_DIR,
    write_samples,
)
from rashinban.evidence.registry import Upload


def shipped(name: str, folder: Path = STATIC_DIR) -> Upload:
    return Upload(name, (folder / name).read_bytes())


def test_shipped_samples_parse_like_freshly_written_ones(tmp_path: Path) -> None:
    write_samples(tmp_path)
    assert read_register(shipped(BACKUP_REGISTER)) == read_register(shipped(BACKUP_REGISTER, tmp_path))
    assert read_inventory(shipped(DEVICES_INVENTORY)) == read_inventory(shipped(DEVICES_INVENTORY, tmp_path))
    assert (STATIC_DIR / PASSWORD_POLICY).read_text(encoding="utf-8") == (tmp_path / PASSWORD_POLICY).read_text(
        encoding="utf-8"
    )


def test_samples_show_the_format_with_japanese_headers() -> None:
    datasets = read_register(shipped(BACKUP_REGISTER))
    assert [(d.name, len(d.copies)) for d in datasets] == [("会計データ", 2), ("顧客データ", 1)]
    devices = read_inventory(shipped(DEVICES_INVENTORY))
    assert [d.name for d in devices] == ["PC-001", "MAC-001", "SP-001", "SRV-001"]
    result = check_devices(devices, date(2026, 11, 25), builtin_table())
    assert {f.id for f in result.findings} == {"byod"}  # the sample is a good inventory, with one private phone
    assert check_policy(read_policy(shipped(PASSWORD_POLICY))).findings == []
