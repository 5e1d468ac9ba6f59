"""Initiatives: from a template, money lines and figures, PoC gate decisions with evidence, PDCA cycles."""

from __future__ import annotations

from datetime import date

from rashinban.planning import actions
from rashinban.planning.models import Benefit, Cost, Criterion, Cycle, Gate, Initiative, Subsidy, Target
from rashinban.planning.starters import starters
from tests.conftest import login
from tests.planning.helpers import START, make_kpi


def test_template_prefills_kpis_costs_benefits_subsidy_and_gate(as_alice, org_a):
    response = as_alice.post(f"/o/{org_a.id}/plan/initiatives/new/", {"starter": "tablet-inventory"})
    initiative = Initiative.objects.get(organisation=org_a)
    assert response["Location"] == f"/o/{org_a.id}/plan/initiatives/{initiative.pk}/"
    assert initiative.kpis.count() == 2
    assert Cost.objects.filter(initiative=initiative).count() == 3
    assert Benefit.objects.filter(initiative=initiative).count() == 2
    # Tablets and readers are hardware, outside the subsidy's standard track: no subsidy line (issue 15).
    assert not Subsidy.objects.filter(initiative=initiative).exists()
    gate = Gate.objects.get(initiative=initiative)
    assert Criterion.objects.filter(gate=gate).count() == 2
    page = as_alice.get(response["Location"]).content.decode()
    assert 'id="roi-expected"' in page and "タブレット" in page


def test_every_shipped_template_has_both_languages_and_creates_an_initiative(org_a):
    for starter in starters().values():
        assert starter.title.ja and starter.title.en
        actions.create_from_starter(org_a, starter, "en", START)
    assert Initiative.objects.filter(organisation=org_a).count() == len(starters())


def test_blank_initiative_links_only_own_kpis(as_alice, org_a, org_b):
    mine, theirs = make_kpi(org_a), make_kpi(org_b)
    data = {
        "title": "受発注のFAXをやめる",
        "stage": "idea",
        "starts_on": "2026-04-01",
        "horizon_months": "24",
        "discount_rate": "0.03",
        "kpis": [mine.pk],
        "findings": ["p6-silos"],
    }
    assert as_alice.post(f"/o/{org_a.id}/plan/initiatives/new/", data).status_code == 302
    initiative = Initiative.objects.get(organisation=org_a)
    assert list(initiative.kpis.all()) == [mine]
    assert initiative.findings == ["p6-silos"]
    data["kpis"] = [theirs.pk]
    data["title"] = "spy"
    assert as_alice.post(f"/o/{org_a.id}/plan/initiatives/new/", data).status_code == 200
    assert not Initiative.objects.filter(title="spy").exists()


def test_money_lines_give_the_hand_computed_figures(as_alice, org_a):
    initiative = Initiative.objects.create(
        organisation=org_a, title="x", starts_on=date(2026, 4, 1), horizon_months=12, discount_rate=0
    )
    url = f"/o/{org_a.id}/plan/initiatives/{initiative.pk}/"
    as_alice.post(
        url + "costs/new/",
        {
            "label": "導入",
            "recurrence": "once",
            "amount": "500000",
            "hours": "20",
            "hourly_rate": "5000",
            "start_month": "0",
        },
    )
    as_alice.post(
        url + "costs/new/",
        {
            "label": "月額",
            "recurrence": "monthly",
            "amount": "10000",
            "hours": "0",
            "hourly_rate": "0",
            "start_month": "1",
        },
    )
    as_alice.post(
        url + "benefits/new/",
        {"label": "削減時間", "kind": "hours", "quantity": "20", "unit_value": "3000", "start_month": "1"},
    )
    as_alice.post(
        url + "subsidies/new/",
        {"name": "IT導入補助金", "amount": "300000", "expected_on": "2026-10-15", "status": "applied"},
    )
    response = as_alice.get(url)
    money = response.context["money"]
    # cost 500,000 + 20 h x 5,000 + 12 x 10,000 = 720,000; minus 300,000 subsidy = 420,000
    assert money.expected.total_cost == 420_000
    assert money.expected.total_benefit == 12 * 60_000
    assert money.expected.net == 300_000
    # -600,000 at month 0, +50,000/month, +300,000 in month 6: cumulative -300,000 + 50,000 x (m - 6) ... 0 at month 6
    assert money.expected.payback_month == 6
    assert money.actual is None


def test_actual_figures_follow_the_measured_kpi(org_a):
    kpi = make_kpi(org_a)  # 100 -> 40 hours
    initiative = Initiative.objects.create(
        organisation=org_a, title="x", starts_on=START, horizon_months=12, discount_rate=0
    )
    benefit = Benefit.objects.create(
        organisation=org_a, initiative=initiative, label="h", kind="hours", quantity=60, unit_value=1000, target=kpi
    )
    actions.record_measurement(kpi, date(2026, 3, 1), 70)  # half of the planned change so far
    from rashinban.planning.finance import money_view

    view = money_view(initiative, [], [benefit], [], actions.latest_values([kpi]))
    assert view.monthly_benefit_expected == 60_000
    assert view.monthly_benefit_actual == 30_000
    assert view.actual is not None and view.actual.total_benefit == 12 * 30_000


def test_removing_a_line_of_another_initiative_is_404(as_alice, org_a, org_b):
    mine = Initiative.objects.create(organisation=org_a, title="a")
    theirs = Initiative.objects.create(organisation=org_b, title="b")
    cost = Cost.objects.create(organisation=org_b, initiative=theirs, label="b", amount=1)
    response = as_alice.post(
        f"/o/{org_a.id}/plan/initiatives/{mine.pk}/money/delete/", {"kind": "cost", "line": cost.pk}
    )
    assert response.status_code == 404
    assert Cost.objects.filter(pk=cost.pk).exists()


def _gate(org, kpi):  # type: ignore[no-untyped-def]
    initiative = Initiative.objects.create(organisation=org, title="PoC", stage="poc", starts_on=START)
    actions.set_initiative_kpis(initiative, [kpi])
    gate = Gate.objects.create(organisation=org, initiative=initiative, decide_by=date(2026, 4, 1))
    Criterion.objects.create(organisation=org, gate=gate, target=kpi, threshold=80)
    return gate


def test_owner_decides_at_the_gate_and_the_evidence_is_kept(as_alice, org_a):
    kpi = make_kpi(org_a)
    gate = _gate(org_a, kpi)
    actions.record_measurement(kpi, date(2026, 3, 1), 78)
    response = as_alice.post(f"/o/{org_a.id}/plan/gates/{gate.pk}/decide/", {"decision": "expand", "notes": "良好"})
    assert response.status_code == 302
    gate.refresh_from_db()
    assert gate.decision == "expand" and gate.decided_on is not None
    assert gate.evidence[0]["value"] == 78 and gate.evidence[0]["met"] is True
    assert gate.initiative.stage == "rollout"
    # A later value does not change what the decision was based on.
    actions.record_measurement(kpi, date.today(), 99)
    gate.refresh_from_db()
    assert gate.evidence[0]["value"] == 78


def test_stop_decision_stops_the_initiative(org_a, alice):
    gate = _gate(org_a, make_kpi(org_a))
    actions.decide_gate(gate, "stop", alice)
    assert Initiative.objects.get(pk=gate.initiative_id).stage == "stopped"
    assert gate.evidence[0]["met"] is None  # no value was measured


def test_member_cannot_decide_at_the_gate(client, bob, org_a):
    gate = _gate(org_a, make_kpi(org_a))
    login(client, bob)
    response = client.post(f"/o/{org_a.id}/plan/gates/{gate.pk}/decide/", {"decision": "expand"})
    assert response.status_code == 403
    gate.refresh_from_db()
    assert gate.decision == ""


def test_gate_form_sets_criteria_and_moves_idea_to_poc(as_alice, org_a):
    kpi = make_kpi(org_a)
    initiative = Initiative.objects.create(organisation=org_a, title="x")
    response = as_alice.post(
        f"/o/{org_a.id}/plan/initiatives/{initiative.pk}/gates/new/",
        {"decide_by": "2026-07-01", "kpi_1": kpi.pk, "threshold_1": "70"},
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.stage == "poc"
    assert Criterion.objects.get(gate__initiative=initiative).threshold == 70


def test_next_cycle_starts_from_the_act_and_keeps_the_measurements(as_alice, org_a):
    kpi = make_kpi(org_a)
    initiative = Initiative.objects.create(organisation=org_a, title="x")
    actions.set_initiative_kpis(initiative, [kpi])
    as_alice.post(f"/o/{org_a.id}/plan/initiatives/{initiative.pk}/cycles/next/")
    first = Cycle.objects.get(initiative=initiative)
    as_alice.post(
        f"/o/{org_a.id}/plan/cycles/{first.pk}/",
        {"plan_text": "P", "do_text": "D", "check_text": "C", "act_text": "全部署に広げる", "decision": "expand"},
    )
    actions.record_measurement(kpi, first.started_on, 90)
    as_alice.post(f"/o/{org_a.id}/plan/initiatives/{initiative.pk}/cycles/next/")
    first.refresh_from_db()
    second = Cycle.objects.get(initiative=initiative, number=2)
    assert first.closed_on is not None
    assert first.evidence == [{"kpi": kpi.name, "unit": kpi.unit, "on": first.started_on.isoformat(), "value": 90.0}]
    assert second.plan_text == "全部署に広げる"


def test_gate_criteria_cannot_name_another_companys_kpi(as_alice, org_a, org_b):
    initiative = Initiative.objects.create(organisation=org_a, title="x")
    theirs = make_kpi(org_b)
    response = as_alice.post(
        f"/o/{org_a.id}/plan/initiatives/{initiative.pk}/gates/new/",
        {"decide_by": "2026-07-01", "kpi_1": theirs.pk, "threshold_1": "70"},
    )
    assert response.status_code == 200
    assert not Gate.objects.exists()
    assert Target.objects.filter(organisation=org_a).count() == 0
