"""Every API error has one shape ({detail, code, errors}), its headers, and the request's language."""

from __future__ import annotations

import pytest

from rashinban.api.models import ApiToken, Scope
from rashinban.assessments import actions
from rashinban.planning.models import Measurement
from tests.planning.helpers import make_kpi


def shape(response) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response["Content-Type"].startswith("application/json"), response.content[:100]
    body = response.json()
    assert set(body) == {"detail", "code", "errors"} and isinstance(body["detail"], str) and body["detail"]
    return body


def test_no_token_is_401_with_a_challenge_in_japanese_unless_english_is_asked_for(client):
    japanese = client.get("/api/v1/organisation")
    english = client.get("/api/v1/organisation", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert japanese.status_code == english.status_code == 401
    assert japanese["WWW-Authenticate"] == 'Bearer realm="Rashinban API"'
    assert shape(japanese)["code"] == "unauthenticated" and "トークン" in shape(japanese)["detail"]
    assert shape(english)["detail"].startswith("Send an API token") and english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]


def test_a_revoked_token_is_401_invalid_token(client, org_a, alice):
    token, raw = ApiToken.issue(org_a, "old", Scope.READ, alice)
    token.revoked_at = token.created_at
    token.save(update_fields=["revoked_at"])

    response = client.get("/api/v1/organisation", HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 401 and 'error="invalid_token"' in response["WWW-Authenticate"]
    assert shape(response)["detail"] == "This API token is unknown or was revoked."


def test_a_method_the_address_does_not_take_is_a_json_405_with_allow(write_api):
    response = write_api.client.delete("/api/v1/diagnoses", **write_api._headers())

    assert response.status_code == 405 and set(response["Allow"].split(", ")) == {"GET", "POST"}
    assert shape(response)["code"] == "method_not_allowed"


@pytest.mark.parametrize("path", ["/api/v1/diagnoses/999999", "/api/v1/no-such-thing", "/api/v1/evidence/runs/0"])
def test_not_found_is_the_same_shape_for_ids_and_addresses(read_api, path):
    response = read_api.get(path)

    assert response.status_code == 404 and shape(response)["code"] == "not_found"


def test_a_body_that_is_not_json_is_400(write_api):
    response = write_api.client.post(
        "/api/v1/diagnoses", "{nope", content_type="application/json", **write_api._headers()
    )

    assert response.status_code == 400 and shape(response)["code"] == "bad_request"


def test_a_read_token_writing_is_403(read_api):
    response = read_api.post("/api/v1/diagnoses", {})

    assert response.status_code == 403 and shape(response)["code"] == "forbidden"


def test_an_unanswered_result_is_409(write_api, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)

    response = write_api.get(f"/api/v1/diagnoses/{diagnosis.id}/result")

    assert response.status_code == 409 and shape(response)["code"] == "conflict"


def test_a_note_longer_than_declared_is_refused_not_cut(write_api, org_a):
    kpi = make_kpi(org_a)

    too_long = write_api.post(
        f"/api/v1/kpis/{kpi.id}/measurements", {"measured_on": "2026-01-01", "value": 1, "note": "あ" * 201}
    )
    longest = write_api.post(
        f"/api/v1/kpis/{kpi.id}/measurements", {"measured_on": "2026-01-02", "value": 2, "note": "あ" * 200}
    )

    body = shape(too_long)
    assert too_long.status_code == 422 and body["code"] == "invalid"
    assert body["errors"] == [
        {"field": "body.note", "message": "200文字以内にしてください。", "type": "string_too_long"}
    ]
    assert longest.status_code == 201
    assert list(Measurement.objects.filter(target=kpi).values_list("note", flat=True)) == ["あ" * 200]


def test_a_language_other_than_ja_or_en_is_refused(write_api, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)

    response = write_api.get(f"/api/v1/diagnoses/{diagnosis.id}/result", lang="fr")

    assert response.status_code == 422 and shape(response)["errors"][0]["field"] == "query.lang"


def test_too_many_requests_is_429_with_retry_after(read_api, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    answers = [read_api.get("/api/v1/organisation") for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert 1 <= int(answers[2]["Retry-After"]) <= 60 and shape(answers[2])["code"] == "rate_limited"


def test_the_document_declares_the_headers_it_sends(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = [op for path in document["paths"].values() for op in path.values()]

    assert all("WWW-Authenticate" in op["responses"]["401"]["headers"] for op in operations)
    assert all(op["responses"]["429"]["headers"]["Retry-After"]["schema"]["type"] == "integer" for op in operations)
    errors = {status: response for op in operations for status, response in op["responses"].items() if status >= "400"}
    assert {r["content"]["application/json"]["schema"]["$ref"] for r in errors.values()} == {
        "#/components/schemas/Error"
    }


def test_refused_answers_are_explained_in_the_requests_language(write_api, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)
    path = f"/api/v1/diagnoses/{diagnosis.id}/answers"

    japanese = write_api.put(path, {"answers": {"zz": "a"}})
    english = write_api.client.put(
        path,
        {"answers": {"zz": "a"}},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **write_api._headers(),
    )

    assert shape(japanese)["detail"].startswith("不明な設問ID") and shape(english)["detail"].startswith(
        "unknown question"
    )
