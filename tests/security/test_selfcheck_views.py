"""Answering the self-check in the browser's place: start, answer, result; who may do what; trespassers get 404."""

from __future__ import annotations

import re

from rashinban.assessments.models import Diagnosis
from rashinban.nextsteps import plan_for
from rashinban.security import actions
from rashinban.security.models import ActionItem, Status
from tests.conftest import login
from tests.security.helpers import all_answered


def answer(client, org, pk, answers):
    return client.post(f"/o/{org.id}/security/checks/{pk}/answer/", answers)


def test_owner_starts_answers_and_sees_result_and_plan(as_alice, org_a):
    response = as_alice.post(f"/o/{org_a.id}/security/checks/new/")
    diagnosis = Diagnosis.objects.get(organisation=org_a, catalog_id="security-selfcheck")
    assert response.status_code == 302 and response["Location"].endswith(f"/checks/{diagnosis.pk}/answer/")
    response = answer(as_alice, org_a, diagnosis.pk, all_answered("done", basic_mfa="not-done", org_backups="unknown"))
    assert response.status_code == 302 and response["Location"].endswith(f"/checks/{diagnosis.pk}/")
    page = as_alice.get(response["Location"]).content.decode()
    assert 'id="overall-score">91<' in page and "group-table" in page and "threat-table" in page
    assert set(ActionItem.objects.filter(organisation=org_a).values_list("source_question", flat=True)) == {
        "basic-mfa",
        "org-backups",
    }
    plan = as_alice.get(f"/o/{org_a.id}/security/plan/").content.decode()
    # The security steps of the one ranking, in its order and with its dates.
    ranked = plan_for(org_a).with_source("security-check", "evidence")
    assert {"security:basic-mfa", "security:org-backups"} <= {s.id for s in ranked}
    shown = re.findall(r'data-step="([^"]+)" data-rank="\d+" data-due="([^"]+)"', plan)
    assert shown == [(s.id, s.due.isoformat()) for s in ranked]


def test_blank_answers_are_confirmed_once(as_alice, org_a, alice):
    diagnosis = actions.start_selfcheck(org_a, alice)
    response = answer(as_alice, org_a, diagnosis.pk, {"basic-updates": "done"})
    assert response.status_code == 200 and "blank-warning" in response.content.decode()
    response = answer(as_alice, org_a, diagnosis.pk, {"basic-updates": "done", "confirm_blank": "1"})
    assert response.status_code == 302


def test_dx_pages_send_a_selfcheck_to_its_own_pages(as_alice, org_a, alice):
    diagnosis = actions.start_selfcheck(org_a, alice)
    response = as_alice.get(f"/o/{org_a.id}/diagnoses/{diagnosis.pk}/answer/")
    assert response["Location"] == f"/o/{org_a.id}/security/checks/{diagnosis.pk}/answer/"


def test_member_cannot_answer_but_reads_the_result(client, org_a, alice, bob):
    diagnosis = actions.start_selfcheck(org_a, alice)
    actions.submit_selfcheck(diagnosis, all_answered("partly"), alice)
    login(client, bob)
    assert client.get(f"/o/{org_a.id}/security/checks/{diagnosis.pk}/answer/").status_code == 403
    assert client.post(f"/o/{org_a.id}/security/checks/new/").status_code == 403
    assert client.get(f"/o/{org_a.id}/security/checks/{diagnosis.pk}/").status_code == 200


def test_a_dx_diagnosis_is_not_a_selfcheck_page(as_alice, org_a, alice):
    from rashinban.assessments import actions as dx

    diagnosis = dx.start_diagnosis(org_a, alice)
    assert as_alice.get(f"/o/{org_a.id}/security/checks/{diagnosis.pk}/").status_code == 404


def test_owner_of_another_company_gets_404(client, org_a, alice, mallory):
    diagnosis = actions.start_selfcheck(org_a, alice)
    actions.submit_selfcheck(diagnosis, all_answered("not-done"), alice)
    item = ActionItem.objects.filter(organisation=org_a).first()
    login(client, mallory)
    for url in (
        f"/o/{org_a.id}/security/",
        f"/o/{org_a.id}/security/checks/{diagnosis.pk}/",
        f"/o/{org_a.id}/security/plan/",
        f"/o/{org_a.id}/security/plan/{item.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/o/{org_a.id}/security/plan/{item.pk}/complete/").status_code == 404
    item.refresh_from_db()
    assert item.status == Status.TODO


def test_reported_done_shows_on_the_next_selfcheck(as_alice, org_a, alice):
    first = actions.start_selfcheck(org_a, alice)
    actions.submit_selfcheck(first, all_answered("done", basic_mfa="not-done"), alice)
    item = ActionItem.objects.get(organisation=org_a, source_question="basic-mfa")
    as_alice.post(f"/o/{org_a.id}/security/plan/{item.pk}/complete/")
    item.refresh_from_db()
    second = actions.start_selfcheck(org_a, alice)
    page = as_alice.get(f"/o/{org_a.id}/security/checks/{second.pk}/answer/").content.decode()
    assert page.count("reported-done") == 1
    assert item.completed_at.strftime("%Y-") in page.split("reported-done")[1][:80]
