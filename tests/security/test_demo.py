"""The demo company gets a self-check and a plan with progress; `demo --scale` can add plans in bulk."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rashinban.orgs.models import Organisation
from rashinban.security import summary
from rashinban.security.demo import add_action_plans, seed_security
from rashinban.security.models import ActionItem, Status


def test_demo_company_has_a_result_a_plan_and_progress(org_a, alice, bob):
    seed_security(org_a, alice, bob)
    latest = summary.latest_selfcheck(org_a)
    result = summary.selfcheck_result(latest, "ja")
    assert 0 < result.overall_score < 75 and result.staff_visible and result.weakest_staff_practices
    statuses = dict(ActionItem.objects.filter(organisation=org_a).values_list("source_question", "status"))
    assert statuses["basic-mfa"] == Status.DONE and statuses["org-incident"] == Status.DOING


def _queries_for(count: int, start: int) -> tuple[int, int]:
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"社{i}", slug=f"scale-{i}") for i in range(start, start + count)
    )
    with CaptureQueriesContext(connection) as captured:
        written = add_action_plans(orgs, owners={})
    return written, len(captured.captured_queries)


def test_add_action_plans_in_bulk_runs_in_batches(db):
    # Bulk, not one company or one item at a time: far fewer queries than companies (speed: make bench). The
    # database's own limit on parameters per statement splits the insert into batches (SQLite: a few dozen rows).
    few_written, few = _queries_for(20, 0)
    many_written, many = _queries_for(200, 20)
    assert few_written > 20 and many_written > 200
    assert many < 200 // 2
    assert many < many_written // 20
