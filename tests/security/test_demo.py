"""The demo company gets a self-check and a plan with progress; `demo --scale` can add plans in bulk."""

from __future__ import annotations

import time

from django.utils import timezone

from rashinban.orgs.models import Organisation
from rashinban.security import summary
from rashinban.security.demo import add_action_plans, seed_security
from rashinban.security.models import Status


def test_demo_company_has_a_result_a_plan_and_progress(org_a, alice, bob):
    seed_security(org_a, alice, bob)
    latest = summary.latest_selfcheck(org_a)
    result = summary.selfcheck_result(latest, "ja")
    assert 0 < result.overall_score < 75 and result.staff_visible and result.weakest_staff_practices
    statuses = {i.source_question: i.status for i in summary.action_items(org_a)}
    assert statuses["basic-mfa"] == Status.DONE and statuses["org-incident"] == Status.DOING
    assert summary.overdue_actions(org_a, timezone.localdate())


def test_add_action_plans_in_bulk_is_fast(db):
    orgs = Organisation.objects.bulk_create(Organisation(name=f"社{i}", slug=f"scale-{i}") for i in range(200))
    started = time.perf_counter()
    written = add_action_plans(orgs, owners={})
    assert written > 200 and time.perf_counter() - started < 5
