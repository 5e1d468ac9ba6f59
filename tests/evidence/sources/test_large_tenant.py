"""Acceptance: a tenant of 10,000 users over many pages, throttled and with its token revoked mid-way, is collected
completely, with the same counts and findings as the same users given as a CSV export to `check accounts`."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from rashinban.evidence.account_exports import read_accounts
from rashinban.evidence.accounts import AccountsInput, evaluate
from rashinban.evidence.registry import Upload
from rashinban.evidence.sources import google_workspace, microsoft365
from rashinban.evidence.sources.results import accounts_result
from tests.evidence.sources.conftest import TODAY
from tests.evidence.sources.fake_cloud import (
    ADMIN_EMAIL,
    CLIENT_SECRET,
    GOOGLE_RATE,
    THROTTLED,
    UNAVAILABLE,
    FakeCloud,
    generic_csv,
    make_tenant,
)

USERS = 10_000
COMPARED = ("check", "total", "enabled", "mfa_enabled", "mfa_coverage", "findings")


@pytest.fixture(scope="module")
def tenant():
    return make_tenant(USERS)


@pytest.fixture(scope="module")
def from_csv(tenant):
    _format, accounts = read_accounts(Upload("users.csv", generic_csv(tenant).encode()))
    with translation.override("en"):  # module-scoped: outside the tests' own English override
        return evaluate(AccountsInput(accounts, None, 90, TODAY, ["generic"])).as_json()


def _same(collected_json: dict, csv_json: dict) -> None:
    for key in COMPARED:
        assert collected_json[key] == csv_json[key], key


def test_microsoft365_10000_users_throttled_mid_way_match_the_csv_export(tenant, from_csv):
    with FakeCloud(tenant) as cloud:
        cloud.page_size = 250  # 40 pages of users, 40 of registration details
        cloud.faults[("users", 17)] = [THROTTLED, THROTTLED, UNAVAILABLE]
        cloud.faults[("users", 30)] = [THROTTLED]
        cloud.faults[("userRegistrationDetails", 22)] = [UNAVAILABLE, THROTTLED]
        cloud.revoke_after = 50  # the token dies mid-way through the registration details
        config = microsoft365.Microsoft365Config(
            cloud.tenant, cloud.client_id, CLIENT_SECRET, graph_url=cloud.url, login_url=cloud.url
        )
        collected = microsoft365.collect(config, devices=False, sleep=lambda s: None)
    data = accounts_result(collected, today=TODAY).as_json()
    assert len(collected.accounts) == USERS
    assert collected.stats.throttled == 4 and collected.stats.retries == 6 and collected.stats.token_renewals >= 1
    assert data["source"]["pages"] >= 80
    _same(data, from_csv)
    assert from_csv["total"] == USERS and {f["id"] for f in from_csv["findings"]} >= {
        "admin-without-mfa",
        "no-mfa",
        "stale",
        "never-signed-in",
        "shared-account",
    }


def test_google_workspace_10000_users_throttled_mid_way_match_the_csv_export(tenant, from_csv):
    with FakeCloud(tenant) as cloud:
        cloud.page_size = 500  # the API's most: 20 pages
        cloud.faults[("google", 9)] = [GOOGLE_RATE, UNAVAILABLE, GOOGLE_RATE]
        cloud.revoke_after = 12
        account = google_workspace.read_credentials(json.dumps(cloud.service_account()).encode())
        config = google_workspace.GoogleConfig(account, ADMIN_EMAIL, api_url=cloud.url)
        collected = google_workspace.collect(config, sleep=lambda s: None)
    data = accounts_result(collected, today=TODAY).as_json()
    assert len(collected.accounts) == USERS and collected.stats.pages == 20
    assert collected.stats.throttled == 2 and collected.stats.token_renewals >= 1
    _same(data, from_csv)
