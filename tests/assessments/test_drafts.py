"""Questionnaire drafts: answers kept as they are given (per person), restored on return, gone once sent."""

from __future__ import annotations

import re

import pytest

from rashinban.assessments import actions
from rashinban.assessments.models import AnswerDraft, StaffResponse
from rashinban.security.actions import start_selfcheck
from tests.assessments.helpers import best_answers
from tests.conftest import login

pytestmark = pytest.mark.django_db


def checked(page: str, name: str, value: str) -> bool:
    return bool(re.search(rf'<input type="radio" name="{name}" value="{value}"[^>]*checked', page))


def test_diagnosis_draft_survives_leaving_and_is_per_person(as_alice, client, org_a, alice, carol):
    diagnosis = actions.start_diagnosis(org_a, alice)
    url = f"/o/{org_a.id}/diagnoses/{diagnosis.pk}/answer/"
    first, second = list(best_answers("management").items())[:2]
    # Without JavaScript: the "save draft" button, back to the page with a message.
    response = as_alice.post(url, {first[0]: first[1], "save_draft": "1"})
    assert response.status_code == 302 and response["Location"] == url
    # With drafts.js: each change, answered in JSON.
    response = as_alice.post(
        url, {first[0]: first[1], second[0]: second[1], "save_draft": "1", "q-bogus": "x"}, HTTP_X_RASHINBAN_DRAFT="1"
    )
    assert response.status_code == 200 and response.json()["saved"] == 2
    page = as_alice.get(url).content.decode()
    assert checked(page, first[0], first[1]) and checked(page, second[0], second[1])
    assert 'id="draft-restored"' in page
    diagnosis.refresh_from_db()
    assert diagnosis.completed_at is None  # a draft is not an answer
    # Carol (the advisor) sees her own blank form, not Alice's draft.
    client.logout()
    other = login(client, carol).get(url).content.decode()
    assert not checked(other, first[0], first[1]) and 'id="draft-restored"' not in other


def test_sending_discards_the_draft(as_alice, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)
    url = f"/o/{org_a.id}/diagnoses/{diagnosis.pk}/answer/"
    as_alice.post(url, {"save_draft": "1", **dict(list(best_answers("management").items())[:1])})
    assert AnswerDraft.objects.count() == 1
    as_alice.post(url, best_answers("management"))
    assert AnswerDraft.objects.count() == 0
    diagnosis.refresh_from_db()
    assert diagnosis.completed_at is not None


def test_selfcheck_draft(as_alice, org_a, alice):
    check = start_selfcheck(org_a, alice)
    url = f"/o/{org_a.id}/security/checks/{check.pk}/answer/"
    page = as_alice.get(url).content.decode()
    name, value = re.search(r'<input type="radio" name="([\w.-]+)" value="([\w-]+)"', page).groups()
    as_alice.post(url, {name: value, "save_draft": "1"})
    assert checked(as_alice.get(url).content.decode(), name, value)


def test_staff_survey_draft_lives_on_the_link_and_goes_with_the_answer(client, org_a, alice):
    diagnosis = actions.submit_management_answers(
        actions.start_diagnosis(org_a, alice), best_answers("management"), alice
    )
    token = actions.issue_survey_links(diagnosis, 1, [], "ja")[0]
    (qid, option), *_rest = best_answers("staff").items()
    client.post(f"/s/{token}/", {qid: option, "save_draft": "1"})
    assert checked(client.get(f"/s/{token}/").content.decode(), qid, option)
    client.post(f"/s/{token}/", best_answers("staff"))
    assert StaffResponse.objects.count() == 1 and AnswerDraft.objects.count() == 0


def test_another_persons_draft_never_shows_for_an_unknown_link(client):
    assert client.post("/s/not-a-token/", {"save_draft": "1"}).status_code == 410
    assert AnswerDraft.objects.count() == 0
