"""The dashboard panel, the plan page and the review run the same number of queries however much data there is."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rashinban.planning import actions
from rashinban.planning.models import Gate, Initiative
from tests.planning.helpers import make_kpi


def add_plan(org, kpis: int, values: int, initiatives: int) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    for k in range(kpis):
        kpi = make_kpi(
            org,
            f"KPI {org.pk}-{k}-{make_kpi.__name__}-{Initiative.objects.count()}",
            baseline_on=today - timedelta(days=400),
            target_on=today + timedelta(days=100),
        )
        for v in range(values):
            actions.record_measurement(kpi, today - timedelta(days=30 * v), 90 - v)
    for i in range(initiatives):
        initiative = Initiative.objects.create(organisation=org, title=f"施策 {i}", stage="poc")
        Gate.objects.create(organisation=org, initiative=initiative, decide_by=today + timedelta(days=i))


def queries_for(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_panel_plan_and_review_queries_do_not_grow_with_data(as_alice, org_a):
    urls = [f"/o/{org_a.id}/", f"/o/{org_a.id}/plan/", f"/o/{org_a.id}/plan/review/", f"/o/{org_a.id}/plan/roadmap/"]
    add_plan(org_a, kpis=2, values=2, initiatives=1)
    small = [queries_for(as_alice, url) for url in urls]
    add_plan(org_a, kpis=12, values=8, initiatives=9)
    large = [queries_for(as_alice, url) for url in urls]
    assert large == small
    # The plan's own part of the dashboard: two queries (KPIs with their latest value, decisions due).
    # The review also shows the ranking of next steps (about a dozen queries, however much data: nextsteps/gather).
    assert small[1] <= 12 and small[2] <= 30
