"""A company's plan is kept under its data version and day: the pages of one visit compute it once, and any change
to the company's rows, a new day or a rolled-back transaction gives a plan made afresh."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from rashinban.nextsteps import actions, plan_for
from rashinban.nextsteps.gather import plans_for
from tests.nextsteps.test_queries import bench

pytestmark = pytest.mark.django_db(transaction=True)  # the plan is kept once its data is committed

TODAY = date(2026, 12, 7)


def counted(function, *args):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        result = function(*args)
    return result, len(captured)


def test_the_second_page_of_a_visit_reads_the_kept_plan():
    company = bench().company("kept", 1)
    first, made = counted(plan_for, company, TODAY)
    again, read = counted(plan_for, company, TODAY)
    assert [(s.id, s.due, s.assignee) for s in again.steps] == [(s.id, s.due, s.assignee) for s in first.steps]
    assert read == 0 < made


def test_a_change_to_the_company_gives_a_new_plan():
    company = bench().company("changed", 1)
    before = plan_for(company, TODAY)
    step = before.steps[0]
    actions.complete(company, step.id, by=None)
    company.refresh_from_db()  # as the next request reads it
    after, made = counted(plan_for, company, TODAY)
    assert step.id not in [s.id for s in after.steps]
    assert made > 1


def test_a_moved_poc_decision_is_seen_at_once():
    """The gate's date is changed with an UPDATE, which sends no signal: the action raises the version itself."""
    company = bench().company("gate", 1)
    gate = next(s for s in plan_for(company, TODAY).steps if s.id.startswith(actions.GATE_PREFIX))
    moved = TODAY + timedelta(days=40)
    actions.move_due(company, gate.id, moved, by=None)
    company.refresh_from_db()
    assert next(s for s in plan_for(company, TODAY).steps if s.id == gate.id).due == moved


def test_another_day_gives_a_new_plan():
    company = bench().company("day", 1)
    plan_for(company, TODAY)
    tomorrow, made = counted(plan_for, company, TODAY + timedelta(days=1))
    assert tomorrow.today == TODAY + timedelta(days=1) and made > 1


def test_a_plan_made_in_a_rolled_back_transaction_is_not_kept():
    company = bench().company("rolled-back", 1)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.replan(company, TODAY)  # raises the version and makes a plan inside the transaction
        raise RuntimeError
    company.refresh_from_db()
    step = plan_for(company, TODAY).steps[0]
    actions.complete(company, step.id, by=None)  # a real change now takes the version the rolled-back plan had
    company.refresh_from_db()
    after, made = counted(plan_for, company, TODAY)
    assert made > 0 and step.id not in [s.id for s in after.steps]


def test_many_companies_mix_kept_and_new_plans():
    builder = bench()
    one, two = builder.company("one", 0), builder.company("two", 1)
    plan_for(one, TODAY)
    both, made = counted(plans_for, [one, two], TODAY)
    _single, fresh = counted(plan_for, builder.company("three", 1), TODAY)
    assert set(both) == {one.pk, two.pk} and both[one.pk].steps and both[two.pk].steps
    assert made == fresh  # the kept one costs no gathering; the other is gathered alone
