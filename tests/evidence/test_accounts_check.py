"""The accounts check on hand-made tenants: each finding, the figures, the roster and the contract's JSON keys."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from rashinban.evidence.account_exports import Account
from rashinban.evidence.accounts import AccountsInput, Roster, evaluate, is_shared, name_key, parse, read_roster
from rashinban.evidence.registry import CheckInput, Upload
from tests.evidence.test_account_exports import upload

TODAY = date(2026, 11, 25)


def run(*accounts: Account, roster: Roster | None = None, stale_days: int = 90) -> dict:
    return evaluate(AccountsInput(list(accounts), roster, stale_days, TODAY, ["generic"])).as_json()


def ids(result: dict) -> dict[str, list[str]]:
    return {f["id"]: f["accounts"] for f in result["findings"] if "accounts" in f}


def test_figures_count_suspended_accounts_in_total_only():
    result = run(
        Account("a@e.jp", enabled=True, mfa=True),
        Account("b@e.jp", enabled=True, mfa=False),
        Account("c@e.jp", enabled=True, mfa=True),
        Account("d@e.jp", enabled=False, mfa=False, last_sign_in=date(2020, 1, 1), never_signed_in=False),
    )
    assert (result["total"], result["enabled"], result["mfa_enabled"]) == (4, 3, 2)
    assert result["mfa_coverage"] == round(2 / 3, 4)
    assert ids(result) == {"no-mfa": ["b@e.jp"]}  # the suspended one raises nothing


def test_admin_without_mfa_is_critical_and_listed_in_no_mfa_too():
    result = run(Account("boss@e.jp", enabled=True, mfa=False, admin=True), Account("x@e.jp", enabled=True, mfa=True))
    first = result["findings"][0]
    assert (first["id"], first["severity"], first["accounts"], first["count"]) == (
        "admin-without-mfa",
        "critical",
        ["boss@e.jp"],
        1,
    )
    assert ids(result)["no-mfa"] == ["boss@e.jp"]


def test_stale_is_strictly_older_than_the_cutoff_and_never_signed_in_apart():
    result = run(
        Account("edge@e.jp", enabled=True, last_sign_in=date(2026, 8, 27), never_signed_in=False),  # 90 days: fine
        Account("old@e.jp", enabled=True, last_sign_in=date(2026, 8, 26), never_signed_in=False),  # 91 days
        Account("never@e.jp", enabled=True, never_signed_in=True),
        Account("fresh@e.jp", enabled=True, never_signed_in=True, created=date(2026, 11, 20)),  # just created
    )
    assert ids(result) == {"stale": ["old@e.jp"], "never-signed-in": ["never@e.jp"]}
    stale = next(f for f in result["findings"] if f["id"] == "stale")
    assert "90" in stale["title"]


def test_shared_addresses_are_recognised_by_their_local_part():
    assert is_shared("info@e.jp") and is_shared("sales2@e.jp") and is_shared("eigyo@e.jp")
    assert not is_shared("yamada@e.jp") and not is_shared("information-systems@e.jp")
    result = run(Account("info@e.jp", enabled=True), Account("toiawase@e.jp", enabled=True), Account("k@e.jp"))
    assert ids(result) == {"shared-account": ["info@e.jp", "toiawase@e.jp"]}


def test_roster_matches_by_address_or_by_name_in_any_order_and_width():
    roster = read_roster(upload("roster.csv"))  # Shift_JIS, 氏名 and メールアドレス columns
    assert "yamada@example.co.jp" in roster.addresses and name_key("花子 佐藤") in roster.names  # full-width space
    result = run(
        Account("yamada@example.co.jp", name="山田 太郎", enabled=True),
        Account("hanako@example.co.jp", name="佐藤 花子", enabled=True),
        Account("ghost@example.co.jp", name="幽霊 次郎", enabled=True),
        Account("gone@example.co.jp", name="", enabled=False),
        Account("info@example.co.jp", enabled=True),
        roster=roster,
    )
    assert ids(result)["not-on-roster"] == ["ghost@example.co.jp"]


def test_roster_without_a_header_is_found_by_its_values():
    roster = read_roster(upload("roster_no_header.csv"))
    assert roster.addresses == {"yamada@example.co.jp", "sato@example.co.jp"}
    assert name_key("山田 太郎") in roster.names


def test_the_parsed_input_of_two_exports_and_a_roster():
    inputs = CheckInput(
        files={
            "files": [upload("m365_active_users.csv"), upload("entra_registration_portal.csv")],
            "roster": [upload("roster.csv")],
        },
        values={"stale_days": "30"},
        today=TODAY,
    )
    result = evaluate(parse(inputs)).as_json()
    assert set(result) >= {"check", "total", "enabled", "mfa_enabled", "mfa_coverage", "findings"}
    found = ids(result)
    assert found["admin-without-mfa"] == ["sato@example.co.jp"]
    assert "kobayashi@example.co.jp" in found["not-on-roster"]  # in M365, not on the staff list
    assert "taishoku@example.co.jp" not in str(result["findings"])  # blocked: no finding
    assert found["shared-account"] == ["info@example.co.jp", "sales@example.co.jp"]
    for finding in result["findings"]:
        assert set(finding) >= {"id", "severity", "title", "detail", "count"}
        assert finding["count"] == len(finding["accounts"])


def test_only_m365_active_users_says_mfa_is_unknown_instead_of_guessing():
    result = evaluate(parse(CheckInput(files={"files": [upload("m365_active_users.csv")]}, today=TODAY))).as_json()
    assert result["mfa_coverage"] is None and "no-mfa" not in ids(result)
    assert result["findings"][-1]["id"] == "mfa-unknown"


def test_a_bad_byte_order_or_encoding_mix_still_reads_bom_files():
    data = "\ufeffemail,mfa\r\nyamada@e.jp,yes\r\n".encode()
    result = evaluate(parse(CheckInput(files={"files": [Upload("bom.csv", data)]}, today=TODAY))).as_json()
    assert result["mfa_coverage"] == 1.0


accounts_strategy = st.lists(
    st.builds(
        Account,
        address=st.from_regex(r"[a-z]{1,8}@e\.jp", fullmatch=True),
        enabled=st.sampled_from([True, False, None]),
        mfa=st.sampled_from([True, False, None]),
        admin=st.sampled_from([True, False, None]),
    ),
    max_size=40,
    unique_by=lambda a: a.address,
)


@given(accounts_strategy)
def test_figures_are_consistent_for_any_tenant(accounts):
    result = run(*accounts)
    assert result["mfa_enabled"] <= result["enabled"] <= result["total"] == len(accounts)
    if result["mfa_coverage"] is not None:
        assert 0 <= result["mfa_coverage"] <= 1
        no_mfa = len(ids(result).get("no-mfa", []))
        known = sum(1 for a in accounts if a.enabled is not False and a.mfa is not None)
        assert no_mfa == known - result["mfa_enabled"]
    severities = [f["severity"] for f in result["findings"]]
    order = ["critical", "high", "medium", "low", "info"]
    assert severities == sorted(severities, key=order.index)  # worst first
