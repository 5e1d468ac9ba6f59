"""Starting and answering a diagnosis: who may, what is stored, and the trespasser."""

from __future__ import annotations

import pytest

from rashinban.assessments import actions
from rashinban.assessments.models import Diagnosis
from tests.assessments.helpers import best_answers
from tests.conftest import login


@pytest.fixture
def diagnosis_b(org_b, mallory) -> Diagnosis:
    return actions.start_diagnosis(org_b, mallory)


def test_owner_starts_a_diagnosis_and_lands_on_the_questions(as_alice, org_a):
    response = as_alice.post(f"/o/{org_a.id}/diagnoses/new/")
    diagnosis = Diagnosis.objects.get(organisation=org_a)
    assert response["Location"] == f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answer/"
    page = as_alice.get(response["Location"]).content.decode()
    assert 'name="p1-q1"' in page  # a management question
    assert diagnosis.catalog_id == "dx-seven-sins" and diagnosis.completed_at is None


def test_member_may_not_start_or_answer(client, org_a, bob, alice):
    login(client, bob)
    assert client.post(f"/o/{org_a.id}/diagnoses/new/").status_code == 403
    diagnosis = actions.start_diagnosis(org_a, alice)
    assert client.get(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answer/").status_code == 403
    assert client.get(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/survey/").status_code == 403


def test_advisor_may_run_a_diagnosis_for_the_client(client, org_a, carol):
    login(client, carol)
    assert client.post(f"/o/{org_a.id}/diagnoses/new/").status_code == 302


def test_unanswered_questions_count_as_dont_know(as_alice, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)
    answers = best_answers("management")
    half = dict(list(answers.items())[: len(answers) // 2])
    response = as_alice.post(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answer/", half)
    assert response.status_code == 200 and response.context["form"].needs_confirmation
    diagnosis.refresh_from_db()
    assert diagnosis.completed_at is None
    as_alice.post(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answer/", {**half, "confirm_blank": "1"})
    diagnosis.refresh_from_db()
    assert diagnosis.management_answers == half
    assert 0 < diagnosis.management_scores["overall"] < 100


def test_an_option_that_does_not_exist_is_refused_with_a_message(as_alice, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)
    response = as_alice.post(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answer/", {"p1-q1": "perhaps"})
    assert response.status_code == 200
    assert response.context["form"].errors["p1-q1"]
    diagnosis.refresh_from_db()
    assert diagnosis.completed_at is None


def test_result_of_an_unanswered_round_sends_the_lead_to_the_questions(as_alice, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)
    response = as_alice.get(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/")
    assert response["Location"].endswith("/answer/")


def test_member_sees_the_result_but_not_the_lead_buttons(client, org_a, alice, bob):
    diagnosis = actions.start_diagnosis(org_a, alice)
    actions.submit_management_answers(diagnosis, best_answers("management"), alice)
    login(client, bob)
    page = client.get(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/").content.decode()
    assert 'id="overall-score">100<' in page
    assert f"/diagnoses/{diagnosis.id}/answer/" not in page


@pytest.mark.parametrize("suffix", ["", "answer/", "survey/"])
def test_other_companys_diagnosis_is_not_found(as_alice, org_a, org_b, diagnosis_b, suffix):
    # Both through company B's URL and by smuggling B's id into company A's URL.
    assert as_alice.get(f"/o/{org_b.id}/diagnoses/{diagnosis_b.id}/{suffix}").status_code == 404
    assert as_alice.get(f"/o/{org_a.id}/diagnoses/{diagnosis_b.id}/{suffix}").status_code == 404
    assert as_alice.post(f"/o/{org_a.id}/diagnoses/{diagnosis_b.id}/{suffix}", {"count": 1}).status_code == 404
    diagnosis_b.refresh_from_db()
    assert diagnosis_b.completed_at is None and not diagnosis_b.survey_links.exists()


def test_history_shows_the_change_since_the_last_round(as_alice, org_a, alice):
    first = actions.start_diagnosis(org_a, alice)
    actions.submit_management_answers(first, {}, alice)
    second = actions.start_diagnosis(org_a, alice)
    actions.submit_management_answers(second, best_answers("management"), alice)
    response = as_alice.get(f"/o/{org_a.id}/diagnoses/{second.id}/")
    rows = response.context["history"]
    assert [r["id"] for r in rows] == [second.id, first.id]
    assert rows[0]["change"] == 100 and rows[1]["change"] is None
    dashboard = as_alice.get(f"/o/{org_a.id}/")
    assert dashboard.context["change"] == 100
