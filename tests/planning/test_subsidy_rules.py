"""Subsidy lines name the programme and fiscal year from the facts registry, and the plan follows its rules.

Before: starters pre-filled "IT導入補助金" at 1/2 with no date or source, subsidised tablets (hardware), put the
purchase in month 0 with no grant decision, and the ROI timeline counted a subsidy expected before the payment.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rashinban.facts import fact
from rashinban.planning import actions, finance, subsidies
from rashinban.planning.models import Cost, Initiative, Subsidy
from rashinban.planning.starters import starters
from tests.planning.helpers import START

STARTERS = Path(__file__).resolve().parents[2] / "src" / "rashinban" / "planning" / "starters"


def test_starters_do_not_type_the_programme_name_or_rate():
    for path in STARTERS.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "IT導入補助金" not in text and "share:" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_starter_subsidy_names_programme_and_year_and_follows_the_order(org_a, lang):
    starter = starters()["paperless-approval"]
    initiative = actions.create_from_starter(org_a, starter, lang, START)
    subsidy = Subsidy.objects.get(initiative=initiative)
    programme = fact("it-subsidy-programme").value[lang]  # type: ignore[index]
    year = str(fact("it-subsidy-fiscal-year").value)
    assert programme in subsidy.name and year in subsidy.name
    assert "デジタル化・AI導入補助金" in subsidy.name
    # 1/2 of the 150,000 paid out once, from the registry's rate
    assert subsidy.amount == 75_000 == round(150_000 * subsidies.rate())
    # decision, then order and payment, then the subsidy
    assert START < subsidy.decision_on < subsidy.expected_on
    once = Cost.objects.get(initiative=initiative, recurrence="once")
    assert once.start_month == subsidies.month_of(initiative, subsidy.decision_on)
    assert subsidies.warnings(initiative, [once], [subsidy], lang) == []


def test_amounts_follow_the_registry_minimum_and_ceiling():
    limits = fact("it-subsidy-normal-amount").value
    assert subsidies.amount_for(2 * int(limits["min_yen"]) - 2) is None  # type: ignore[index]  # below the minimum
    assert subsidies.amount_for(100_000_000) == limits["max_yen"]  # type: ignore[index]


@pytest.mark.django_db
def test_hardware_gets_no_subsidy_line(org_a):
    initiative = actions.create_from_starter(org_a, starters()["tablet-inventory"], "ja", START)
    assert not initiative.subsidies.exists()


def _plan(org, *, cost_month: int, decision: date | None, expected: date, label: str = "クラウド導入"):  # type: ignore[no-untyped-def]
    initiative = Initiative.objects.create(organisation=org, title="受発注のクラウド化", starts_on=START)
    cost = Cost.objects.create(
        organisation=org, initiative=initiative, label=label, recurrence="once", amount=400_000, start_month=cost_month
    )
    subsidy = Subsidy.objects.create(
        organisation=org,
        initiative=initiative,
        name=subsidies.programme_name("ja"),
        amount=200_000,
        decision_on=decision,
        expected_on=expected,
    )
    return initiative, [cost], [subsidy]


@pytest.mark.django_db
def test_purchase_before_the_decision_is_warned(org_a):
    initiative, costs, subs = _plan(org_a, cost_month=0, decision=date(2026, 6, 1), expected=date(2026, 12, 1))
    warned = subsidies.warnings(initiative, costs, subs, "en")
    assert any("before the grant decision" in w and "not reimbursed" in w for w in warned), warned


@pytest.mark.django_db
def test_subsidy_arrives_after_the_payment_on_the_timeline(org_a):
    # the subsidy is entered for month 1, the payment is in month 3
    initiative, costs, subs = _plan(org_a, cost_month=3, decision=date(2026, 2, 1), expected=date(2026, 2, 15))
    flows = finance.subsidy_flows(initiative, subs, costs)
    assert flows[0].start_month == 4  # the month after the payment, not month 1
    assert any(
        "counts it in month 4, after the payment" in w for w in subsidies.warnings(initiative, costs, subs, "en")
    )


@pytest.mark.django_db
def test_hardware_in_a_subsidised_plan_is_flagged(org_a):
    initiative, costs, subs = _plan(
        org_a, cost_month=2, decision=date(2026, 5, 1), expected=date(2026, 12, 1), label="ノートパソコン3台"
    )
    assert any("ノートパソコン" in w for w in subsidies.warnings(initiative, costs, subs, "ja"))


@pytest.mark.django_db
def test_the_initiative_page_shows_the_rules_with_their_sources(as_alice, org_a):
    initiative, _costs, _subs = _plan(org_a, cost_month=0, decision=date(2026, 6, 1), expected=date(2026, 12, 1))
    page = as_alice.get(f"/o/{org_a.id}/plan/initiatives/{initiative.pk}/").content.decode()
    assert 'id="subsidy-warnings"' in page and 'id="subsidy-rules"' in page
    for rule in (*subsidies.RULES, "security-action-it-subsidy"):
        assert f'data-fact="{rule}"' in page
