"""KGI/KPI pages: creating targets, entering values, the chart and the status shown."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rashinban.planning.models import Measurement, NorthStar, Target
from tests.conftest import login
from tests.planning.helpers import make_kpi


def test_owner_writes_the_north_star(as_alice, org_a):
    response = as_alice.post(f"/o/{org_a.id}/plan/vision/", {"vision": "地域一番の短納期", "strategy": "紙をなくす"})
    assert response.status_code == 302
    assert NorthStar.objects.get(organisation=org_a).vision == "地域一番の短納期"
    assert "地域一番の短納期" in as_alice.get(f"/o/{org_a.id}/plan/").content.decode()


def test_create_a_kgi_and_a_kpi_linked_to_it(as_alice, org_a):
    base = {
        "unit": "%",
        "direction": "up",
        "frequency": "monthly",
        "baseline": "22",
        "baseline_on": "2026-01-01",
        "target": "26",
        "target_on": "2027-01-01",
    }
    as_alice.post(f"/o/{org_a.id}/plan/targets/new/", {**base, "kind": "kgi", "name": "粗利率"})
    kgi = Target.objects.get(organisation=org_a, name="粗利率")
    response = as_alice.post(
        f"/o/{org_a.id}/plan/targets/new/", {**base, "kind": "kpi", "name": "Web受注率", "kgi": kgi.pk}
    )
    kpi = Target.objects.get(organisation=org_a, name="Web受注率")
    assert response["Location"] == f"/o/{org_a.id}/plan/targets/{kpi.pk}/"
    assert kpi.kgi == kgi


def test_target_date_must_follow_the_baseline(as_alice, org_a):
    response = as_alice.post(
        f"/o/{org_a.id}/plan/targets/new/",
        {
            "kind": "kpi",
            "name": "x",
            "unit": "h",
            "direction": "up",
            "frequency": "monthly",
            "baseline": "1",
            "baseline_on": "2026-05-01",
            "target": "2",
            "target_on": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert not Target.objects.filter(organisation=org_a).exists()


def test_kgi_of_another_company_cannot_be_linked(as_alice, org_a, org_b):
    other = make_kpi(org_b, "B", kind="kgi")
    response = as_alice.post(
        f"/o/{org_a.id}/plan/targets/new/",
        {
            "kind": "kpi",
            "name": "x",
            "unit": "h",
            "direction": "up",
            "frequency": "monthly",
            "baseline": "1",
            "baseline_on": "2026-01-01",
            "target": "2",
            "target_on": "2026-04-01",
            "kgi": other.pk,
        },
    )
    assert response.status_code == 200
    assert not Target.objects.filter(organisation=org_a).exists()


def test_member_enters_a_value_and_sees_the_chart(client, bob, org_a):
    kpi = make_kpi(org_a)
    login(client, bob)
    response = client.post(f"/o/{org_a.id}/plan/targets/{kpi.pk}/", {"measured_on": "2026-02-01", "value": "90"})
    assert response.status_code == 302
    page = client.get(f"/o/{org_a.id}/plan/targets/{kpi.pk}/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert 'class="actual"' in page and 'class="target"' in page and 'class="baseline"' in page
    assert Measurement.objects.get(target=kpi).value == 90


def test_same_day_replaces_the_value(as_alice, org_a):
    kpi = make_kpi(org_a)
    for value in ("90", "85"):
        as_alice.post(f"/o/{org_a.id}/plan/targets/{kpi.pk}/", {"measured_on": "2026-02-01", "value": value})
    assert list(Measurement.objects.filter(target=kpi).values_list("value", flat=True)) == [85]


def test_future_value_is_refused(as_alice, org_a):
    kpi = make_kpi(org_a)
    response = as_alice.post(f"/o/{org_a.id}/plan/targets/{kpi.pk}/", {"measured_on": "2999-01-01", "value": "1"})
    assert response.status_code == 200
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("value, status", [("70", "kpi-on_track"), ("80", "kpi-at_risk"), ("100", "kpi-off_track")])
def test_plan_page_shows_the_status_from_the_path(as_alice, org_a, value, status):
    today = date.today()
    # 100 down to 40 over 300 days, half-way today: 70 is on plan, 80 is 17 % behind, 100 is 50 % behind.
    kpi = make_kpi(org_a, baseline_on=today - timedelta(days=150), target_on=today + timedelta(days=150))
    as_alice.post(f"/o/{org_a.id}/plan/targets/{kpi.pk}/", {"measured_on": today.isoformat(), "value": value})
    page = as_alice.get(f"/o/{org_a.id}/plan/").content.decode()
    assert f'<span class="kpi-status {status}">' in page
