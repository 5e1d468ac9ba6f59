"""The devices inventory: end of support from the dated table, updates, protection, encryption, private devices."""

from __future__ import annotations

from datetime import date

import pytest

from rashinban.evidence.checks.devices import check_devices, read_inventory
from rashinban.evidence.checks.eol import builtin_table, parse_os, read_table, table_with
from rashinban.evidence.registry import InputError, Upload

from .conftest import upload, xlsx

TODAY = date(2026, 11, 25)


def findings(devices: list, today: date = TODAY) -> dict[str, list[str]]:
    return {f.id: f.extra["devices"] for f in check_devices(devices, today, builtin_table()).findings}


def test_japanese_csv_hand_checked() -> None:
    found = findings(read_inventory(upload("devices_ja.csv")))
    assert found["os-eol"] == ["PC-002", "MAC-01", "SRV-01", "SP-02"]
    # Windows 11 24H2/23H2 Home/Pro: the feature update's servicing ended, Windows 11 itself is supported
    assert found["os-feature-update"] == ["PC-001", "PC-003"]
    assert found["updates-off"] == ["PC-003", "SP-02"]
    assert found["no-antimalware"] == ["PC-003", "MAC-01", "NAS-01"]  # phones are not asked for anti-malware
    assert found["no-encryption"] == ["PC-002", "PC-003", "SRV-01", "NAS-01"]
    assert found["byod"] == ["MAC-01", "SP-02"]
    assert found["os-unknown"] == ["NAS-01"]
    assert found["devices-incomplete"] == ["PC-004"]  # blank protection on phones is not asked for


def test_eol_finding_lists_os_and_date_and_byod_severity() -> None:
    result = check_devices(read_inventory(upload("devices_ja.csv")), TODAY, builtin_table())
    eol = next(f for f in result.findings if f.id == "os-eol")
    assert "PC-002 (鈴木 花子): Windows 10 22H2, updates ended 2025-10-14" in eol.extra["items"]
    assert eol.severity == "high" and eol.count == 4
    assert next(f for f in result.findings if f.id == "byod").severity == "medium"  # the private phone fails checks
    assert result.summary["devices_total"] == 9


def test_shift_jis_file_reads_the_same() -> None:
    assert read_inventory(upload("devices_sjis.csv")) == read_inventory(upload("devices_ja.csv"))


def test_english_csv_enterprise_edition_dates() -> None:
    devices = read_inventory(upload("devices_en.csv"))
    assert devices[0].os is not None and devices[0].os.edition == "enterprise"
    # Windows 11 Enterprise 23H2 gets updates until 2026-11-10 (Home/Pro 23H2 ended 2025-11-11)
    assert findings(devices, date(2026, 11, 1)) == {"os-eol-soon": ["LAPTOP-7"]}
    assert findings(devices, date(2026, 11, 10)) == {"os-eol-soon": ["LAPTOP-7"]}
    assert findings(devices, date(2026, 11, 11)) == {"os-feature-update": ["LAPTOP-7"]}
    assert findings(devices, date(2026, 4, 1)) == {}


def test_excel_inventory_with_title_rows() -> None:
    rows = [
        ["機器名", "種別", "OS", "自動更新", "ウイルス対策", "暗号化", "使用者", "会社支給/私物"],
        ["営業PC-1", "ノートパソコン", "Windows 11 Pro 25H2", "○", "Defender", "BitLocker", "営業 一郎", "会社支給"],
        ["受付iPad", "タブレット", "iPadOS 16.7", "×", "", "", "", "会社"],
    ]
    devices = read_inventory(xlsx(rows, "機器台帳.xlsx", title_rows=3))
    assert [(d.name, d.kind, d.private) for d in devices] == [("営業PC-1", "pc", False), ("受付iPad", "mobile", False)]
    assert findings(devices) == {
        "os-eol": ["受付iPad"],
        "updates-off": ["受付iPad"],
    }


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("Windows 10 Pro", "2025-10-14"),
        ("Win10 Home 22H2", "2025-10-14"),
        ("Windows 10 Enterprise LTSC 2021", "2027-01-12"),
        ("Windows 11 Pro 24H2", "2026-10-13"),
        ("Windows 11 Education 24H2", "2027-10-12"),
        ("Windows 11", None),  # the feature update decides: unknown without it
        ("Microsoft Windows Server 2012 R2 Standard", "2023-10-10"),
        ("Windows Server 2019 Datacenter", "2029-01-09"),
        ("Windows 7 Professional SP1", "2020-01-14"),
        ("macOS Monterey", "2024-09-16"),
        ("Mac OS X 10.13.6", "2022-10-24"),
        ("macOS 15.1", None),
        ("iOS 14.8", "2023-09-18"),  # older than the oldest entry, which says "and older"
        ("Android 8.1", "2022-01-03"),
        ("Android 15", None),
    ],
)
def test_eol_table_lookup(text: str, end: str | None) -> None:
    os = parse_os(text)
    assert os is not None
    entry = builtin_table().end_of(os)
    assert (entry.end.isoformat() if entry else None) == end


@pytest.mark.parametrize("text", ["Ubuntu 22.04", "ChromeOS", "Synology DSM 7.2", ""])
def test_unknown_systems(text: str) -> None:
    assert parse_os(text) is None


def test_users_table_extends_and_replaces() -> None:
    override = Upload(
        "my-eol.yaml",
        b"updated: 2027-01-05\nentries:\n"
        b"  - {os: android, version: '13', end: 2026-03-02, source: our vendor}\n"
        b"  - {os: windows, version: '10', end: 2026-10-13, source: consumer ESU}\n",
    )
    table = table_with(override)
    assert table.updated == date(2027, 1, 5)
    assert table.end_of(parse_os("Android 13")).end == date(2026, 3, 2)  # type: ignore[arg-type,union-attr]
    assert table.end_of(parse_os("Windows 10 Pro")).end == date(2026, 10, 13)  # type: ignore[arg-type,union-attr]
    assert builtin_table().end_of(parse_os("Windows 10 Pro")).end == date(2025, 10, 14)  # type: ignore[arg-type,union-attr]


def test_bad_user_table_names_line() -> None:
    bad = Upload("my-eol.yaml", b"updated: 2027-01-05\nentries:\n  - {os: beos, version: '5', end: 2001-01-01}\n")
    with pytest.raises(InputError, match=r"my-eol.yaml, row 3, column “entries\[1\].os”"):
        read_table(bad)


def test_shipped_table_is_dated_and_sorted_by_vendor_facts() -> None:
    table = builtin_table()
    assert table.updated >= date(2026, 11, 1)
    assert table.end_of(parse_os("Windows 10")).end == date(2025, 10, 14)  # type: ignore[arg-type,union-attr]


@pytest.mark.parametrize(
    ("name", "needles"),
    [
        ("devices_bad_flag.csv", ["devices_bad_flag.csv", "row 3", "自動更新", "たぶん"]),
        ("devices_no_header.csv", ["devices_no_header.csv", "no header row", "端末名"]),
    ],
)
def test_bad_inventories(name: str, needles: list[str]) -> None:
    with pytest.raises(InputError) as error:
        read_inventory(upload(name))
    for needle in needles:
        assert needle in str(error.value)


def test_bad_ownership_and_file_type() -> None:
    rows = [["端末名", "OS", "所有"], ["PC-1", "Windows 11 Pro 25H2", "リース"]]
    with pytest.raises(InputError, match=r"row 2, column “所有”: “リース” is neither"):
        read_inventory(xlsx(rows))
    with pytest.raises(InputError, match="unsupported file type"):
        read_inventory(Upload("devices.pdf", b"%PDF-1.4"))
    with pytest.raises(InputError, match="neither UTF-8 nor Shift_JIS"):
        read_inventory(Upload("devices.csv", b"\x81 broken"))


# ---------------------------------------------------------------- ESU and Windows 11 feature updates (issue 15)

ESU_CSV = """端末名,OS,ESU期限,自動更新,ウイルス対策,暗号化,所有
PC-ESU,Windows 10 Pro 22H2,2026-10-13,はい,Defender,BitLocker,会社
PC-ESU2,Windows 10 Pro 22H2,2027/10/12,はい,Defender,BitLocker,会社
PC-NOESU,Windows 10 Pro 22H2,,はい,Defender,BitLocker,会社
PC-W11,Windows 11 Pro 25H2,,はい,Defender,BitLocker,会社
PC-OLD11,Windows 11 Home 23H2,,はい,Defender,BitLocker,会社
"""


def esu_inventory(text: str = ESU_CSV, name: str = "esu.csv") -> list:
    return read_inventory(Upload(name, text.encode("utf-8")))


def test_windows10_within_esu_is_os_esu_medium_and_past_it_os_eol() -> None:
    result = check_devices(esu_inventory(), date(2026, 12, 5), builtin_table())
    by_id = {f.id: f for f in result.findings}
    assert by_id["os-esu"].extra["devices"] == ["PC-ESU2"] and by_id["os-esu"].severity == "medium"
    assert "2027-10-12" in by_id["os-esu"].detail
    assert by_id["os-eol"].extra["devices"] == ["PC-ESU", "PC-NOESU"]  # ESU ended 2026-10-13; no ESU at all
    assert by_id["os-feature-update"].extra["devices"] == ["PC-OLD11"]
    assert by_id["os-feature-update"].severity == "medium" and "free" in by_id["os-feature-update"].detail


def test_english_esu_column_and_a_date_past_the_programme_end_is_capped() -> None:
    text = "device,OS,ESU until\nPC-A,Windows 10 Pro,2031-01-01\n"
    devices = esu_inventory(text, "esu_en.csv")
    from rashinban.facts import fact

    assert devices[0].esu_until == fact("windows10-esu-commercial-end").value
    assert findings(devices, date(2028, 10, 10)).get("os-esu") == ["PC-A"]
    assert findings(devices, date(2028, 10, 11)).get("os-eol") == ["PC-A"]


def test_bad_esu_date_names_the_row_and_column() -> None:
    with pytest.raises(InputError, match=r"esu.csv.*row 2.*ESU期限"):
        esu_inventory("端末名,OS,ESU期限\nPC-1,Windows 10 Pro,来年\n")


def test_every_shipped_eol_entry_cites_the_vendors_own_notice() -> None:
    for entry in builtin_table().entries:
        assert entry.source.startswith("https://"), entry
