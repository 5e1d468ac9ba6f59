"""How many steps a person takes on a week is a company setting (default two); changing it plans the dates again
from it, and a date a person chose stays."""

from __future__ import annotations

from datetime import date

from rashinban.nextsteps import actions, plan_for
from rashinban.nextsteps.models import PlanSettings
from rashinban.security import actions as security_actions
from tests.security.helpers import all_answered

PROFILE = {"name": "A商事", "industry": "other", "employee_band": "1-5", "prefecture": "東京都", "language": "ja"}


def answer_selfcheck(org, user) -> None:  # type: ignore[no-untyped-def]
    selfcheck = security_actions.start_selfcheck(org, user)
    security_actions.submit_selfcheck(selfcheck, all_answered("not-done", "management"), user)


def test_the_settings_page_shows_and_saves_the_capacity(as_alice, org_a, alice, bob):
    answer_selfcheck(org_a, alice)
    actions.commit_schedule(org_a)
    first = plan_for(org_a).steps[0]
    actions.move_due(org_a, first.id, date(2030, 1, 4), by=alice)
    before = plan_for(org_a)

    page = as_alice.get(f"/o/{org_a.id}/settings/").content.decode()
    assert 'name="steps_per_week"' in page and 'value="2"' in page

    as_alice.post(f"/o/{org_a.id}/settings/", PROFILE | {"steps_per_week": "5"})
    after = plan_for(org_a)

    assert PlanSettings.objects.get(organisation=org_a).steps_per_week == after.steps_per_week == 5
    assert max(s.due for s in after.steps if s.id != first.id) < max(s.due for s in before.steps if s.id != first.id)
    assert after.get(first.id).due == date(2030, 1, 4)  # the date a person chose stays
    for person in {s.assignee for s in after.steps}:
        weeks = [s.due for s in after.steps if s.assignee == person and s.due_kind != "moved" and s.effort <= 2]
        assert all(weeks.count(day) <= 5 for day in weeks), [
            (s.id, str(s.due), s.due_kind, s.effort, s.assignee) for s in after.steps
        ]


def test_a_capacity_out_of_range_is_refused_and_an_empty_one_changes_nothing(as_alice, org_a):
    refused = as_alice.post(f"/o/{org_a.id}/settings/", PROFILE | {"steps_per_week": "0"})
    assert refused.status_code == 200 and "steps_per_week" in refused.content.decode()
    assert not PlanSettings.objects.filter(organisation=org_a).exists()

    as_alice.post(f"/o/{org_a.id}/settings/", PROFILE | {"steps_per_week": "3"})
    as_alice.post(f"/o/{org_a.id}/settings/", PROFILE)
    assert PlanSettings.objects.get(organisation=org_a).steps_per_week == 3
