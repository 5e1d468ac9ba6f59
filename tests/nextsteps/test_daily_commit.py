"""The daily job stores each company's plan as proposed: the dates then stay put as the days pass."""

from __future__ import annotations

from datetime import timedelta

from rashinban.nextsteps import plan_for
from rashinban.nextsteps.jobs import commit_plans
from rashinban.nextsteps.models import StepState
from rashinban.security import actions as security_actions
from rashinban.tasks.api import REGISTRY, discover_tasks
from tests.security.helpers import all_answered


def test_the_stored_plan_keeps_its_dates_and_people_as_days_pass(org_a, org_b, alice, bob):
    security_actions.submit_selfcheck(
        security_actions.start_selfcheck(org_a, alice), all_answered("not-done", "management"), alice
    )
    proposed = plan_for(org_a)  # the job plans from each company's own today, as pages do

    assert commit_plans() > 0
    assert StepState.objects.filter(organisation=org_b).exists()  # every company

    stored = plan_for(org_a)
    assert [(s.id, s.due, s.assignee) for s in stored.steps] == [(s.id, s.due, s.assignee) for s in proposed.steps]
    assert all(s.due_kind == "planned" for s in stored.steps)
    later = proposed.today + timedelta(days=21)
    first = plan_for(org_a, later).get(proposed.steps[0].id)
    assert first is not None and first.due == proposed.steps[0].due and first.is_overdue(later)
    assert commit_plans() == 0  # nothing new to store


def test_the_job_is_registered_daily():
    discover_tasks()
    assert REGISTRY["nextsteps.commit"].every.days == 1


def test_the_job_keeps_each_companys_plan_for_the_day(org_a, org_b, alice, django_capture_on_commit_callbacks):
    """After the daily job a company's first page reads its plan (one query) instead of ranking."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    security_actions.submit_selfcheck(
        security_actions.start_selfcheck(org_a, alice), all_answered("not-done", "management"), alice
    )
    with django_capture_on_commit_callbacks(execute=True):
        commit_plans()
    for company in (org_a, org_b):
        company.refresh_from_db()  # the job stored dates: a newer version than the caller's copy
        with CaptureQueriesContext(connection) as captured:
            plan = plan_for(company)
        assert len(captured) == 1, company
        assert all(s.due_kind == "planned" for s in plan.steps)
