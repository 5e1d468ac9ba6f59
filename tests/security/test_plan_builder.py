"""The pure plan builder: one item per weak answer, risk = distance from done x threat exposure, by hand."""

from __future__ import annotations

from datetime import date

from rashinban.assessments.catalog import get_catalog
from rashinban.security.plan import build_plan, default_due, priority_for
from tests.security.helpers import SELFCHECK, all_answered

DX = get_catalog("dx-seven-sins")


def by_question(items):
    return {i.source_question: i for i in items}


def test_no_items_when_everything_is_done() -> None:
    assert build_plan(SELFCHECK, all_answered("done")) == []


def test_one_item_per_weak_answer_including_partly_and_dont_know() -> None:
    answers = all_answered("done", basic_mfa="partly", org_backups="unknown", org_vendors="not-applicable")
    assert set(by_question(build_plan(SELFCHECK, answers))) == {"basic-mfa", "org-backups"}


def test_risk_by_hand() -> None:
    # Only org-backups (ransomware) is not done. 13 questions guard against ransomware: 52 points, 48 earned
    # -> 92.3 -> 92, exposure 8. Risk = distance 1 x 8/100 x 100 = 8 -> low priority.
    item = by_question(build_plan(SELFCHECK, all_answered("done", org_backups="not-done")))["org-backups"]
    assert item.risk == 8 and item.priority == "low" and item.step == 3 and item.threats == ["ransomware"]


def test_dont_know_is_riskier_than_not_done_and_ranks_first() -> None:
    answers = all_answered("done", basic_passwords="not-done", basic_mfa="unknown")
    items = build_plan(SELFCHECK, answers)
    assert [i.source_question for i in items] == ["basic-mfa", "basic-passwords"]
    assert items[0].risk > items[1].risk


def test_wide_open_company_gets_high_priorities_and_instructions_in_both_languages() -> None:
    items = build_plan(SELFCHECK, all_answered("not-done"))
    assert len(items) == 25 and all(i.priority == "high" for i in items)
    assert items[0].instruction("ja") and items[0].instruction("en") != items[0].instruction("ja")


def test_dx_pattern_seven_without_a_self_check_gives_items() -> None:
    dx_answers = {"p7-q1": "no", "p7-q3": "no", "p7-q4": "yes"}
    items = by_question(build_plan(SELFCHECK, None, DX, dx_answers))
    assert {"p7-q1", "p7-q3"} <= set(items) and "p7-q4" not in items
    # p7-q3 (MFA) takes the self-check twin's step, threats and instruction.
    assert items["p7-q3"].threats == ["unauthorised-access", "phishing"] and items["p7-q3"].step == 2
    assert items["p7-q3"].source_catalog == "dx-seven-sins"


def test_with_a_self_check_only_the_dx_question_without_a_twin_stays() -> None:
    items = by_question(build_plan(SELFCHECK, all_answered("done"), DX, {"p7-q1": "no", "p7-q3": "no"}))
    assert set(items) == {"p7-q1"}


def test_priority_floors_and_default_due_dates() -> None:
    assert [priority_for(r) for r in (100, 99, 40, 39)] == ["high", "medium", "medium", "low"]
    today = date(2026, 4, 1)
    assert default_due("high", today) == date(2026, 4, 15)
    assert default_due("medium", today) == date(2026, 5, 1)
    assert default_due("low", today) == date(2026, 7, 1)
