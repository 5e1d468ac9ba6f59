"""The API's endpoints answer for the token's own organisation, with the shapes the OpenAPI document names."""

from __future__ import annotations

import pytest

from rashinban.assessments import actions
from rashinban.assessments.catalog import get_catalog
from rashinban.assessments.models import Diagnosis
from rashinban.assessments.scoring import score
from rashinban.orgs.choices import Role
from tests.assessments.helpers import best_answers
from tests.conftest import add_member, make_user


def test_organisation_is_the_tokens_own(read_api, org_a, org_b):
    response = read_api.get("/api/v1/organisation")

    assert response.status_code == 200
    assert response.json()["id"] == org_a.id and response.json()["slug"] == org_a.slug


def test_people_are_paginated_with_a_total(read_api, org_a, alice, bob, carol):
    for n in range(4):
        add_member(make_user(f"p{n}@a.example", f"P{n}"), org_a, Role.MEMBER)

    first = read_api.get("/api/v1/people", limit=2).json()
    rest = read_api.get("/api/v1/people", limit=2, offset=2).json()

    assert first["count"] == 7 and len(first["items"]) == 2
    assert [p["email"] for p in first["items"]] == ["alice@a.example", "bob@a.example"]
    assert rest["items"][0]["email"] == "carol@advisor.example" and rest["items"][0]["role"] == "advisor"


def test_a_page_larger_than_the_maximum_is_refused(read_api, alice):
    assert read_api.get("/api/v1/people", limit=101).status_code == 422


def test_start_answer_and_read_the_result(write_api, org_a):
    created = write_api.post("/api/v1/diagnoses", {})
    assert created.status_code == 201
    diagnosis_id = created.json()["id"]
    assert created.json()["completed_at"] is None

    assert write_api.get(f"/api/v1/diagnoses/{diagnosis_id}/result").status_code == 409
    answers = best_answers("management")
    answered = write_api.put(f"/api/v1/diagnoses/{diagnosis_id}/answers", {"answers": answers})
    assert answered.status_code == 200 and answered.json()["answers"] == answers

    result = write_api.get(f"/api/v1/diagnoses/{diagnosis_id}/result", lang="en").json()
    expected = score(get_catalog(actions.DEFAULT_CATALOG), answers, lang="en", audience=actions.MANAGEMENT)
    assert result["overall"] == {"score": expected.overall_score, "level": expected.overall_level}
    assert [s["id"] for s in result["sections"]] == [s.id for s in expected.sections]
    listed = write_api.get("/api/v1/diagnoses").json()
    assert listed["items"][0]["id"] == diagnosis_id and listed["items"][0]["overall"] == expected.overall_score


def test_unknown_answers_are_refused_and_nothing_is_saved(write_api, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)

    response = write_api.put(f"/api/v1/diagnoses/{diagnosis.id}/answers", {"answers": {"p1-q1": "nonsense", "zz": "a"}})

    assert response.status_code == 422
    assert "zz" in response.json()["detail"]
    diagnosis.refresh_from_db()
    assert diagnosis.completed_at is None and diagnosis.management_answers == {}


def test_a_read_token_cannot_write(read_api, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)

    assert read_api.post("/api/v1/diagnoses", {}).status_code == 403
    assert read_api.put(f"/api/v1/diagnoses/{diagnosis.id}/answers", {"answers": {}}).status_code == 403
    assert Diagnosis.objects.filter(organisation=org_a).count() == 1
    diagnosis.refresh_from_db()
    assert diagnosis.completed_at is None


@pytest.mark.parametrize("path", ["", "/answers", "/result"])
def test_another_organisations_diagnosis_is_not_found(write_api, org_b, mallory, path):
    theirs = actions.start_diagnosis(org_b, mallory)
    actions.submit_management_answers(theirs, best_answers("management"), mallory)

    response = (
        write_api.put(f"/api/v1/diagnoses/{theirs.id}{path}", {"answers": {}})
        if path == "/answers"
        else (write_api.get(f"/api/v1/diagnoses/{theirs.id}{path}"))
    )

    assert response.status_code == 404
    assert "B工業" not in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.management_answers == best_answers("management")
