"""A 20-person company that answered the DX diagnosis with its staff and the security self-check gets a plan a real
owner would accept: no duplicates, no more than a few steps per person and week, the work spread over people."""

from __future__ import annotations

from collections import Counter

from rashinban.nextsteps import plan_for
from rashinban.nextsteps.plan import stage_of
from tests.nextsteps.test_queries import bench


def test_a_twenty_person_company_gets_a_plan_an_owner_would_accept(db):
    org = bench().company("二十人の会社", 16)  # owner, advisor and 19 staff, every capability in use
    plan = plan_for(org)

    ids = [s.id for s in plan.steps]
    titles = [s.title_in("ja") for s in plan.steps]
    assert len(ids) == len(set(ids)) and len(titles) == len(set(titles))  # nothing twice, not even in other words
    small = Counter((s.assignee, s.due) for s in plan.steps if s.effort <= 2 and s.due_kind != "moved")
    assert max(small.values()) <= plan.steps_per_week == 3
    people = Counter(s.assignee for s in plan.steps)
    assert len(people) >= 3 and max(people.values()) < len(plan.steps) / 2  # not everything on one person
    first_month = [s for s in plan.steps if (s.due - plan.today).days <= 31]
    assert len(first_month) <= plan.steps_per_week * len(people) * 5  # a month holds what the people can do
    assert all(stage_of(s.due, plan.today) == plan.stage(s) for s in plan.steps)
