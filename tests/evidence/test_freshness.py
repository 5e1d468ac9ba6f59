"""Evidence stays fresh: validity periods (defaults, per company), expired evidence makes an answer unproven again,
and the dashboard, the evidence page and the owner's report say how fresh each kind is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from rashinban.evidence.badges import evidence_rows
from rashinban.evidence.freshness import DEFAULT_VALIDITY_DAYS, freshness_for, set_validity, state_of, validity_days
from rashinban.evidence.models import CheckRun, EvidenceValidity
from rashinban.evidence.verdicts import verdicts_for
from rashinban.reports.gather import gather_owner_facts
from tests.conftest import login

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
NO_MFA = {"id": "no-mfa", "severity": "high", "title": "t", "detail": "d", "count": 1}


def run(org, check_name: str, days_old: float, findings=()) -> CheckRun:
    made = CheckRun.objects.create(organisation=org, check_name=check_name, result={"findings": list(findings)})
    CheckRun.objects.filter(pk=made.pk).update(created_at=NOW - timedelta(days=days_old))
    return made


@pytest.mark.parametrize(
    ("age_days", "days", "state"),
    [
        (0, 30, "fresh"),
        (23.9, 30, "fresh"),  # the last fifth of 30 days is 6 days: from day 24 on it expires soon
        (24.1, 30, "expiring"),
        (30, 30, "expiring"),  # exactly the period: still valid
        (30.01, 30, "expired"),
        (1.5, 2, "expiring"),  # at least one day of warning
        (0.5, 2, "fresh"),
    ],
)
def test_state_of_hand_computed_cases(age_days, days, state):
    assert state_of(NOW - timedelta(days=age_days), days, NOW) == state
    assert state_of(None, days, NOW) == "missing"


def test_defaults_and_a_company_setting(org_a):
    assert validity_days(org_a)["accounts"] == DEFAULT_VALIDITY_DAYS["accounts"] == 30
    assert "password" not in validity_days(org_a)  # a check that keeps no history has nothing to expire
    set_validity(org_a, "accounts", 60)
    assert validity_days(org_a)["accounts"] == 60
    set_validity(org_a, "accounts", 30)  # back to the default: the row goes
    assert not EvidenceValidity.objects.exists()
    with pytest.raises(ValueError):
        set_validity(org_a, "accounts", 0)


def test_expired_evidence_makes_the_answer_unproven_and_a_longer_period_brings_it_back(org_a):
    run(org_a, "accounts", 31, [NO_MFA])
    assert verdicts_for(org_a, now=NOW)["basic-mfa"].status == "expired"
    rows = {r.question_id: r for r in evidence_rows(org_a, {"basic-mfa": "done"}, "en")}
    assert rows["basic-mfa"].badge == "unproven"
    set_validity(org_a, "accounts", 45)
    assert verdicts_for(org_a, now=NOW)["basic-mfa"].status == "contradicted"


def test_a_fresh_run_of_another_check_still_decides_the_question(org_a):
    run(org_a, "accounts", 40, [NO_MFA])  # expired
    run(org_a, "password-policy", 10)  # speaks to basic-mfa too (policy-mfa), nothing against it
    verdict = verdicts_for(org_a, now=NOW)["basic-mfa"]
    assert verdict.status == "backed" and verdict.check == "password-policy"


def test_freshness_rows_for_the_overview(org_a):
    run(org_a, "accounts", 2)
    run(org_a, "devices", 100)
    rows = {r.check_name: r for r in freshness_for(org_a, now=NOW)}
    assert (rows["accounts"].state, rows["devices"].state, rows["backups"].state) == ("fresh", "expired", "missing")
    assert rows["accounts"].expires_at == NOW - timedelta(days=2) + timedelta(days=30)


def test_the_dashboard_shows_how_fresh_each_evidence_is(as_alice, org_a):
    run(org_a, "devices", 400)
    dashboard = as_alice.get(reverse("orgs:dashboard", kwargs={"org_id": org_a.id})).content.decode()
    fold = reverse("orgs:fold", kwargs={"org_id": org_a.id, "name": "evidence"})
    assert f'data-fold="{fold}"' in dashboard  # the fold's body is its own page, shown when the fold is opened
    html = as_alice.get(fold).content.decode()
    assert 'id="evidence-freshness"' in html and 'id="freshness-devices"' in html
    assert "state-expired" in html and "state-missing" in html


def test_members_see_no_evidence_panel(client, org_a, bob):
    login(client, bob)
    html = client.get(reverse("orgs:fold", kwargs={"org_id": org_a.id, "name": "evidence"})).content.decode()
    assert 'id="evidence-freshness"' not in html


def test_the_owner_sets_a_period_on_the_evidence_page(as_alice, org_a):
    url = reverse("evidence:validity", kwargs={"org_id": org_a.id})
    assert as_alice.post(url, {"days-accounts": "60", "days-devices": "90"}).status_code == 302
    assert dict(EvidenceValidity.objects.values_list("check_name", "days")) == {"accounts": 60}
    as_alice.post(url, {"days-accounts": "0"})
    assert EvidenceValidity.objects.get().days == 60  # refused, nothing changed
    html = as_alice.get(reverse("evidence:overview", kwargs={"org_id": org_a.id})).content.decode()
    assert 'id="validity-form"' in html and 'name="days-accounts" min="1" max="730" value="60"' in html


def test_an_advisor_cannot_change_the_periods(client, org_a, carol):
    login(client, carol)
    url = reverse("evidence:validity", kwargs={"org_id": org_a.id})
    assert client.post(url, {"days-accounts": "700"}).status_code == 403
    assert not EvidenceValidity.objects.exists()


def test_the_owner_report_lists_the_freshness(org_a):
    run(org_a, "accounts", 40)
    facts = gather_owner_facts(org_a, as_of=NOW.date(), language="en")
    rows = {row[0]: row for row in facts.evidence}
    assert rows["Accounts and MFA"][3].startswith("expired") and rows["Backups"][3] == "not checked yet"


def test_expired_evidence_is_a_check_again_step_in_the_one_ranking(org_a):
    from django.utils import timezone

    from rashinban.nextsteps import steps_for

    def ran(days_old: int) -> None:  # the ranking reads verdicts as of the real now
        made = CheckRun.objects.create(organisation=org_a, check_name="accounts", result={"findings": [NO_MFA]})
        CheckRun.objects.filter(pk=made.pk).update(created_at=timezone.now() - timedelta(days=days_old))

    ran(31)
    steps = {step.id: step for step in steps_for(org_a)}
    step = steps["evidence:recheck:accounts"]
    assert step.sources == ("evidence",) and step.ref == ("evidence", "accounts")
    assert "Accounts and MFA" in step.title_in("en")
    # The day in the company's own time zone (Tokyo), as its pages name it.
    checked = timezone.localtime(timezone.now() - timedelta(days=31), ZoneInfo(org_a.timezone)).date()
    assert checked.isoformat() in step.reasons_in("en")[0]
    ran(1)  # checked again: the step goes
    assert "evidence:recheck:accounts" not in {step.id for step in steps_for(org_a)}


def test_the_owner_workbook_has_an_evidence_sheet_once_something_was_checked(org_a):
    import io

    from openpyxl import load_workbook

    from rashinban.reports.export import render_owner_report

    def sheets() -> list[str]:
        rendered = render_owner_report(org_a, "xlsx", NOW.date(), language="en")
        return load_workbook(io.BytesIO(rendered.content)).sheetnames

    assert "Evidence" not in sheets()
    run(org_a, "devices", 3)
    assert "Evidence" in sheets()
