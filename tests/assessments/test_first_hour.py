"""The first hour's checklist on the dashboard: each step done from the company's own data, the first open one next."""

from __future__ import annotations

import re

import pytest

from rashinban.assessments import actions
from rashinban.assessments.first_hour import steps
from rashinban.evidence.models import CheckRun
from rashinban.security.actions import start_selfcheck, submit_selfcheck
from tests.assessments.helpers import best_answers
from tests.conftest import login

pytestmark = pytest.mark.django_db


def state(org) -> tuple[list[str], str]:  # type: ignore[no-untyped-def]
    listed = steps(org)
    return [s.id for s in listed if s.done], next(s.id for s in listed if s.next)


def test_each_step_follows_the_data(client, org_a, alice):
    assert state(org_a) == (["signup"], "diagnosis")
    diagnosis = actions.submit_management_answers(
        actions.start_diagnosis(org_a, alice), best_answers("management"), alice
    )
    assert state(org_a)[1] == "survey"
    actions.issue_survey_links(diagnosis, 1, [], "ja")
    assert state(org_a)[1] == "security"
    check = start_selfcheck(org_a, alice)
    submit_selfcheck(check, {}, alice)
    assert state(org_a)[1] == "evidence"
    CheckRun.objects.create(organisation=org_a, check_name="devices", result={})
    assert state(org_a)[1] == "report"
    login(client, alice).get(f"/o/{org_a.id}/report/")
    assert all(s.done for s in steps(org_a))
    assert 'id="first-hour"' not in client.get(f"/o/{org_a.id}/").content.decode()  # all done: the card goes


def test_the_dashboard_shows_done_and_next_in_words(as_alice, org_a):
    page = as_alice.get(f"/o/{org_a.id}/").content.decode()
    card = page.split('id="first-hour"')[1].split("</section>")[0]
    assert re.search(r'id="first-hour-signup">\s*<span class="step-state">✓ 完了', card)
    assert re.search(r'id="first-hour-diagnosis">\s*<span class="step-state">→ 次はこれ', card)
    assert f'action="/o/{org_a.id}/diagnoses/new/"' in card


def test_members_do_not_see_it(client, org_a, bob):
    assert 'id="first-hour"' not in login(client, bob).get(f"/o/{org_a.id}/").content.decode()


def finish_first_hour(client, org, owner):  # type: ignore[no-untyped-def]
    diagnosis = actions.submit_management_answers(
        actions.start_diagnosis(org, owner), best_answers("management"), owner
    )
    actions.issue_survey_links(diagnosis, 1, [], "ja")
    submit_selfcheck(start_selfcheck(org, owner), {}, owner)
    CheckRun.objects.create(organisation=org, check_name="devices", result={})
    login(client, owner).get(f"/o/{org.id}/report/")
    return diagnosis


def test_once_found_complete_it_is_not_read_again(client, org_a, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rashinban.assessments.models import Milestone

    diagnosis = finish_first_hour(client, org_a, alice)
    assert not Milestone.objects.filter(organisation=org_a, name=Milestone.FIRST_HOUR).exists()
    assert all(s.done for s in steps(org_a))  # found complete: recorded
    assert Milestone.objects.filter(organisation=org_a, name=Milestone.FIRST_HOUR).exists()

    with CaptureQueriesContext(connection) as captured:
        assert steps(org_a) == []
    assert len(captured) == 1  # the milestone only, not the checklist's query
    diagnosis.delete()  # a step undone later does not bring the card back
    assert 'id="first-hour"' not in client.get(f"/o/{org_a.id}/").content.decode()


def test_the_card_goes_on_the_dashboard_that_finds_it_complete(client, org_a, alice):
    finish_first_hour(client, org_a, alice)
    assert 'id="first-hour"' not in client.get(f"/o/{org_a.id}/").content.decode()
    assert 'id="first-hour"' not in client.get(f"/o/{org_a.id}/").content.decode()


def test_staff_answers_without_links_count_as_asked(org_a, alice):
    from rashinban.assessments.models import StaffResponse

    diagnosis = actions.submit_management_answers(
        actions.start_diagnosis(org_a, alice), best_answers("management"), alice
    )
    assert state(org_a)[1] == "survey"
    StaffResponse.objects.create(organisation=org_a, diagnosis=diagnosis, answers=best_answers("staff"))
    actions.refresh_staff_scores(diagnosis)  # the round's staff count, as after answers typed in from paper

    survey = next(s for s in steps(org_a) if s.id == "survey")
    assert survey.done and "1" in str(survey.note)
    assert state(org_a)[1] == "security"
