"""KPI alert mails: once per change of state, to the owners only, and again after a recovery and relapse."""

from __future__ import annotations

from datetime import date, timedelta

from django.core import mail

from rashinban.planning import actions
from rashinban.planning.jobs import send_kpi_alerts
from rashinban.planning.models import Target
from rashinban.tasks.models import Job
from tests.planning.helpers import make_kpi


def test_off_track_kpi_is_mailed_to_the_owner_once(org_a, alice, bob):
    today = date.today()
    kpi = make_kpi(
        org_a, "請求書処理時間", baseline_on=today - timedelta(days=150), target_on=today + timedelta(days=150)
    )
    actions.record_measurement(kpi, today, 100)  # planned 70: off track
    assert send_kpi_alerts() == 1
    assert [m.to for m in mail.outbox] == [["alice@a.example"]]
    assert "請求書処理時間" in mail.outbox[0].body and f"/plan/targets/{kpi.pk}/" in mail.outbox[0].body
    assert Job.objects.filter(name="mail.send", organisation=org_a).count() == 1

    assert send_kpi_alerts() == 0  # same state: no second mail
    assert len(mail.outbox) == 1


def test_recovery_then_relapse_is_mailed_again(org_a, alice):
    today = date.today()
    kpi = make_kpi(org_a, baseline_on=today - timedelta(days=150), target_on=today + timedelta(days=150))
    actions.record_measurement(kpi, today - timedelta(days=1), 100)
    send_kpi_alerts()
    actions.record_measurement(kpi, today, 70)  # back on track
    assert send_kpi_alerts() == 0
    assert Target.objects.get(pk=kpi.pk).alerted_status == ""
    actions.record_measurement(kpi, today, 100)
    assert send_kpi_alerts() == 1
    assert len(mail.outbox) == 2


def test_overdue_measurement_is_a_new_state(org_a, alice):
    today = date.today()
    kpi = make_kpi(org_a, baseline_on=today - timedelta(days=400), target_on=today + timedelta(days=150))
    send_kpi_alerts()
    assert Target.objects.get(pk=kpi.pk).alerted_status == "overdue"
    assert "overdue" in mail.outbox[0].body or "遅れ" in mail.outbox[0].body


def test_other_companies_are_told_about_their_own_kpis_only(org_a, alice, org_b, mallory):
    today = date.today()
    kpi = make_kpi(org_b, "B指標", baseline_on=today - timedelta(days=150), target_on=today + timedelta(days=150))
    actions.record_measurement(kpi, today, 100)
    make_kpi(org_a, "A指標", baseline_on=today, target_on=today + timedelta(days=150))
    send_kpi_alerts()
    assert [m.to for m in mail.outbox] == [["mallory@b.example"]]
    assert "A指標" not in mail.outbox[0].body
