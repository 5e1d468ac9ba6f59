"""The Admin SDK collector against a real loopback server: a signed JWT to the key file's token_uri, paging by
nextPageToken, Google's 403 rate limits, suspended and never-logged-in users."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from rashinban.evidence.sources import google_workspace
from rashinban.evidence.sources.http import SourceError
from rashinban.evidence.sources.results import accounts_result
from tests.evidence.sources.conftest import TODAY
from tests.evidence.sources.fake_cloud import ADMIN_EMAIL, GOOGLE_RATE, UNAVAILABLE


def config(cloud, admin: str = ADMIN_EMAIL, **changes) -> google_workspace.GoogleConfig:
    info = {**cloud.service_account(), **changes}
    account = google_workspace.read_credentials(json.dumps(info).encode())
    return google_workspace.GoogleConfig(account, admin, api_url=cloud.url)


def test_users_of_every_page_with_the_same_findings_as_the_accounts_check(cloud):
    collected = google_workspace.collect(config(cloud), sleep=lambda s: None)
    assert cloud.counts["google"] == 3 and cloud.counts["token"] == 1
    data = accounts_result(collected, today=TODAY).as_json()
    assert (data["total"], data["enabled"], data["mfa_enabled"]) == (6, 5, 3)
    assert [f["id"] for f in data["findings"]] == [
        "admin-without-mfa",
        "no-mfa",
        "never-signed-in",
        "shared-account",
        "stale",
    ]
    never = next(f for f in data["findings"] if f["id"] == "never-signed-in")
    assert never["accounts"] == ["tanaka@example.co.jp"]  # 1970-01-01 is Google's "never"
    assert data["source"]["service"] == "google-workspace" and data["source"]["mfa_enforced"] == 2


def test_the_token_request_is_a_jwt_signed_by_the_key_for_the_admin(cloud):
    with google_workspace.client_for(config(cloud)) as client:
        assert client.token().value == cloud.issued[-1]  # the loopback token service verified the RS256 signature
    with pytest.raises(SourceError) as caught:
        google_workspace.collect(config(cloud, admin="someone@example.co.jp"), sleep=lambda s: None)
    assert caught.value.kind == "auth" and "unauthorized_client" in caught.value.message


def test_a_key_the_token_service_does_not_know_is_refused(cloud):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    with pytest.raises(SourceError) as caught:
        google_workspace.collect(config(cloud, private_key=pem), sleep=lambda s: None)
    assert (
        caught.value.kind == "auth" and "invalid_grant" in caught.value.message and "PRIVATE" not in str(caught.value)
    )


def test_rate_limit_403_and_5xx_are_retried_and_nothing_is_counted_twice(cloud):
    cloud.faults[("google", 1)] = [GOOGLE_RATE, UNAVAILABLE, GOOGLE_RATE]
    cloud.revoke_after = 2
    waits: list[float] = []
    collected = google_workspace.collect(config(cloud), sleep=waits.append, backoff=0.01)
    assert len(collected.accounts) == 6 and len({a.address for a in collected.accounts}) == 6
    assert collected.stats.throttled == 2 and len(waits) == 3 and waits[0] == 0
    assert collected.stats.token_renewals >= 1


def test_a_permission_403_is_not_retried(cloud):
    cloud.faults[("google", 0)] = [
        type(GOOGLE_RATE)(
            403,
            None,
            {
                "error": {
                    "code": 403,
                    "message": "Not Authorized to access this resource/api",
                    "errors": [{"reason": "forbidden"}],
                }
            },
        )  # fmt: skip
    ]
    with pytest.raises(SourceError) as caught:
        google_workspace.collect(config(cloud), sleep=lambda s: None)
    assert caught.value.kind == "permission" and "Not Authorized" in caught.value.message
    assert cloud.counts["google"] == 1


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"type": "authorized_user"}, "service_account"),
        ({"private_key": ""}, "private_key"),
        ({"private_key": "hello"}, "private_key"),
        ({"token_uri": "ftp://example.com/token"}, "token_uri"),
    ],
)
def test_a_wrong_credentials_file_names_the_field(cloud, change, problem):
    info = {**cloud.service_account(), **change}
    with pytest.raises(google_workspace.CredentialsError) as caught:
        google_workspace.read_credentials(json.dumps(info).encode())
    assert problem in str(caught.value)


def test_the_key_never_shows_in_the_config_or_an_error(cloud):
    account = config(cloud).credentials
    assert "PRIVATE" not in repr(account) and "PRIVATE" not in repr(config(cloud))
    broken = config(cloud, private_key="-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n")
    with pytest.raises(SourceError) as caught:
        google_workspace.collect(broken, sleep=lambda s: None)
    assert "broken" not in caught.value.message and caught.value.kind == "auth"
