"""The backup register: 3-2-1 and 3-2-1-1-0 per data set, late copies, restore tests; YAML, Excel and CSV."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashinban.evidence.checks.backup_register import Copy, Dataset, medium_kind, read_register
from rashinban.evidence.checks.backups import check_backups, evaluate
from rashinban.evidence.registry import InputError, Upload

from .conftest import upload, xlsx

TODAY = date(2026, 11, 25)
HEADERS = [
    "データ",
    "頻度",
    "媒体",
    "保管場所",
    "オフライン/改ざん防止",
    "最終バックアップ日",
    "最終復元テスト日",
    "復元テストのエラー数",
]


def copy(
    medium: str = "nas",
    offsite: bool | None = None,
    offline: bool = False,
    last_backup: date | None = TODAY,
    tested: date | None = None,
    errors: int | None = None,
) -> Copy:
    offsite = medium == "cloud" if offsite is None else offsite  # as the reader decides
    return Copy("row 2", medium, offsite, offline, last_backup, tested, errors)


def by_id(datasets: list[Dataset]) -> dict[str, list[str]]:
    return {f.id: f.extra["datasets"] for f in check_backups(datasets, TODAY).findings}


def test_yaml_register_hand_checked() -> None:
    result = check_backups(read_register(upload("backups.yaml")), TODAY)
    found = {f.id: f for f in result.findings}
    assert set(found) == {"backup-321", "backup-stale", "restore-untested", "restore-failed"}
    assert found["backup-321"].extra["datasets"] == ["顧客データ"]
    assert found["backup-321"].extra["items"] == ["顧客データ: 2 copies, none off site"]
    # the customer data's disk ran 55 days ago though it is weekly; the home disk is weekly and 5 days old
    assert found["backup-stale"].extra["items"] == ["顧客データ (external disk): last backup 55 days ago (2026-10-01)"]
    assert found["restore-failed"].extra["datasets"] == ["ファイルサーバー"]
    assert result.summary["rule_321"] == 2
    assert result.summary["rule_32110"] == 1  # only the accounting data: cloud immutable copy, tested in May, 0 errors
    assert result.failed


def test_excel_register_with_japanese_headers_and_a_title_row() -> None:
    rows = [
        HEADERS,
        ["会計データ", "毎日", "NAS", "社内", "いいえ", date(2026, 11, 24), "2026/06/01", 0],
        ["会計データ", "毎週", "外付けHDD", "社外(社長宅)", "○", "2026年11月20日", None, None],
        ["顧客データ", "毎日", "クラウド(Microsoft OneDrive)", "", "", "2026-11-25", "なし", None],
        ["メール", None, None, None, None, None, None, None],
    ]
    datasets = read_register(xlsx(rows, "バックアップ台帳.xlsx", title_rows=2))
    assert [d.name for d in datasets] == ["会計データ", "顧客データ", "メール"]
    accounting = evaluate(datasets[0], TODAY)
    assert (accounting.copies, accounting.media, accounting.offsite, accounting.offline) == (3, 3, True, True)
    assert accounting.rule_32110
    assert datasets[1].copies[0].medium == "cloud" and datasets[1].copies[0].offsite
    assert datasets[2].copies == []
    found = by_id(datasets)
    assert found["backup-321"] == ["顧客データ", "メール"]
    assert found["backup-offline"] == ["顧客データ", "メール"]
    assert found["restore-untested"] == ["顧客データ"]


def test_csv_register_in_english() -> None:
    text = "Dataset,Medium,Location,Offline/immutable,Last backup,Last restore test\nCRM,tape,off-site,yes,2026-11-24,2026-10-01\n"
    datasets = read_register(Upload("register.csv", text.encode()))
    assert datasets[0].copies[0] == Copy("row 2", "tape", True, True, date(2026, 11, 24), date(2026, 10, 1), None, 7)


@pytest.mark.parametrize(
    ("copies", "rule"),
    [
        ([], False),
        ([copy("nas"), copy("cloud")], True),  # live data + NAS + cloud (off site): 3 copies, 3 media
        ([copy("nas"), copy("nas", offsite=True)], True),  # the live data's disk is the second kind of medium
        ([copy("disk"), copy("disk", offsite=True)], False),  # one kind of medium only
        ([copy("nas"), copy("external-disk")], False),  # nothing off site
        ([copy("cloud")], False),  # two copies
    ],
)
def test_321_rule(copies: list[Copy], rule: bool) -> None:
    assert evaluate(Dataset("d", copies=copies), TODAY).rule_321 is rule


def test_32110_needs_offline_a_recent_test_and_zero_errors() -> None:
    base = [copy("nas", tested=date(2026, 3, 1), errors=0), copy("cloud", offline=True)]
    assert evaluate(Dataset("d", copies=base), TODAY).rule_32110
    assert not evaluate(Dataset("d", copies=[copy("nas", tested=date(2026, 3, 1)), copy("cloud")]), TODAY).rule_32110
    old_test = [copy("nas", tested=date(2025, 11, 24)), copy("cloud", offline=True)]
    assert not evaluate(Dataset("d", copies=old_test), TODAY).rule_32110
    with_errors = [copy("nas", tested=date(2026, 3, 1), errors=2), copy("cloud", offline=True)]
    assert not evaluate(Dataset("d", copies=with_errors), TODAY).rule_32110


@pytest.mark.parametrize(("days_ago", "frequency", "late"), [(2, 1, False), (3, 1, True), (8, 7, False), (9, 7, True)])
def test_stale_follows_the_frequency_with_one_day_of_grace(days_ago: int, frequency: int, late: bool) -> None:
    dataset = Dataset(
        "d", frequency_days=frequency, copies=[copy(last_backup=date.fromordinal(TODAY.toordinal() - days_ago))]
    )
    assert ("backup-stale" in by_id([dataset])) is late


def test_copy_that_never_ran_is_stale() -> None:
    assert by_id([Dataset("d", copies=[copy(last_backup=None)])])["backup-stale"] == ["d"]


media = st.sampled_from(["nas", "cloud", "tape", "external-disk", "disk"])
copies_strategy = st.lists(st.builds(copy, media, st.booleans(), st.booleans()), max_size=5)


@given(copies_strategy, st.builds(copy, media, st.booleans(), st.booleans()))
def test_adding_a_copy_never_breaks_the_rule(copies: list[Copy], extra: Copy) -> None:
    before = evaluate(Dataset("d", copies=copies), TODAY)
    after = evaluate(Dataset("d", copies=[*copies, extra]), TODAY)
    assert not before.rule_321 or after.rule_321
    assert after.rule_321 == (after.copies >= 3 and after.media >= 2 and after.offsite)


def test_medium_names() -> None:
    assert medium_kind("外付けＨＤＤ") == "external-disk"
    assert medium_kind("Google Drive") == "cloud"
    assert medium_kind("LTO-8") == "tape"
    assert medium_kind("MO") == "mo"  # unknown media keep their own name, so two of them count as one kind


@pytest.mark.parametrize(
    ("name", "needles"),
    [
        (
            "backups_bad_date.yaml",
            ["backups_bad_date.yaml", "row 5", "datasets[1].copies[1].last_backup", "not a date"],
        ),
        ("backups_unknown_key.yaml", ["row 5", "colour", "unknown key"]),
    ],
)
def test_bad_yaml_names_file_row_and_key(name: str, needles: list[str]) -> None:
    with pytest.raises(InputError) as error:
        read_register(upload(name))
    for needle in needles:
        assert needle in str(error.value)


def test_bad_excel_cell_names_row_and_header() -> None:
    rows = [HEADERS, ["会計データ", "毎日", "NAS", "社内", "たぶん", "2026-11-24", None, None]]
    with pytest.raises(
        InputError, match=r"台帳.xlsx, row 2, column “オフライン/改ざん防止”: “たぶん” is not yes or no"
    ):
        read_register(xlsx(rows, "台帳.xlsx"))
    rows = [HEADERS, ["会計データ", "時々", "NAS", "社内", "", "2026-11-24", None, None]]
    with pytest.raises(InputError, match=r"row 2, column “頻度”"):
        read_register(xlsx(rows, "台帳.xlsx"))


def test_not_an_excel_file_and_empty_register() -> None:
    with pytest.raises(InputError, match="not a readable Excel"):
        read_register(Upload("x.xlsx", b"PK\x03\x04garbage"))
    with pytest.raises(InputError, match="no data sets"):
        read_register(Upload("r.yaml", b"datasets: []\n"))
    with pytest.raises(InputError, match="datasets"):
        read_register(Upload("r.yaml", b"name: x\n"))
