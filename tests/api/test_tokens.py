"""API tokens: created by the owner, shown once, stored hashed, revocable at once, rate-limited."""

from __future__ import annotations

import logging

from rashinban.api import auth
from rashinban.api.models import ApiToken, Scope
from rashinban.orgs.models import hash_token
from tests.api.conftest import Api
from tests.conftest import login


def test_owner_creates_a_token_that_is_shown_once_and_stored_hashed(as_alice, org_a, client):
    response = as_alice.post(f"/o/{org_a.id}/api-tokens/", {"name": "会計ソフト連携", "scope": Scope.WRITE})
    assert response.status_code == 302

    page = as_alice.get(f"/o/{org_a.id}/api-tokens/").content.decode()
    token = ApiToken.objects.get(organisation=org_a)
    raw = page.split('<code class="secret">')[1].split("</code>")[0]
    assert raw.startswith("rbk_") and len(raw) > 40
    assert token.token_hash == hash_token(raw) and raw not in str(ApiToken.objects.values_list())
    assert raw not in as_alice.get(f"/o/{org_a.id}/api-tokens/").content.decode()  # never again
    assert Api(client, raw).get("/api/v1/organisation").json()["id"] == org_a.id


def test_only_the_owner_manages_tokens(client, org_a, bob, carol):
    for person in (bob, carol):
        login(client, person)
        assert client.get(f"/o/{org_a.id}/api-tokens/").status_code == 403
        assert client.post(f"/o/{org_a.id}/api-tokens/", {"name": "x", "scope": Scope.WRITE}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_nameless_token_is_refused_with_a_message(as_alice, org_a):
    response = as_alice.post(f"/o/{org_a.id}/api-tokens/", {"name": "", "scope": "admin"})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "scope"}
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working_at_once(as_alice, org_a, alice, client):
    token, raw = ApiToken.issue(org_a, "old", Scope.READ, alice)
    api = Api(client, raw)
    assert api.get("/api/v1/organisation").status_code == 200

    as_alice.post(f"/o/{org_a.id}/api-tokens/{token.id}/revoke/")

    assert Api(client, raw).get("/api/v1/organisation").status_code == 401


def test_missing_wrong_and_malformed_tokens_get_401(client, org_a, alice):
    ApiToken.issue(org_a, "real", Scope.READ, alice)
    assert client.get("/api/v1/organisation").status_code == 401
    for raw in ("rbk_wrong", "not-a-token", "rbk_" + "x" * 200):
        assert Api(client, raw).get("/api/v1/organisation").status_code == 401


def test_requests_over_the_limit_get_429_with_retry_after(settings, client, org_a, alice, monkeypatch):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    monkeypatch.setattr(auth, "now_seconds", lambda: 1_800_000_015.0)  # 15 s into a minute: one window
    _token, raw = ApiToken.issue(org_a, "busy", Scope.READ, alice)
    _other, other_raw = ApiToken.issue(org_a, "quiet", Scope.READ, alice)
    api = Api(client, raw)

    statuses = [api.get("/api/v1/organisation").status_code for _ in range(5)]

    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]
    assert api.get("/api/v1/organisation")["Retry-After"] == "45"
    assert Api(client, other_raw).get("/api/v1/organisation").status_code == 200  # counted per token
    monkeypatch.setattr(auth, "now_seconds", lambda: 1_800_000_075.0)  # the next minute
    assert api.get("/api/v1/organisation").status_code == 200


def test_last_use_is_recorded_and_the_token_is_never_logged(client, org_a, alice, caplog):
    token, raw = ApiToken.issue(org_a, "script", Scope.READ, alice)
    with caplog.at_level(logging.DEBUG):
        Api(client, raw).get("/api/v1/people")
        Api(client, raw).get("/api/v1/diagnoses/999999")

    token.refresh_from_db()
    assert token.last_used_at is not None
    assert raw not in caplog.text and token.hint not in caplog.text
