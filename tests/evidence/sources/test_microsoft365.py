"""The Microsoft Graph collector against a real loopback server: paging, throttling, 5xx, token renewal, licences."""

from __future__ import annotations

import pytest

from rashinban.evidence.sources import microsoft365
from rashinban.evidence.sources.http import SourceError
from rashinban.evidence.sources.results import accounts_result, devices_result
from tests.evidence.sources.conftest import TODAY
from tests.evidence.sources.fake_cloud import CLIENT_SECRET, THROTTLED, UNAVAILABLE, Fault


def config(cloud, secret: str = CLIENT_SECRET) -> microsoft365.Microsoft365Config:
    return microsoft365.Microsoft365Config(
        cloud.tenant, cloud.client_id, secret, graph_url=cloud.url, login_url=cloud.url
    )


def collect(cloud, **options):
    waits: list[float] = []
    collected = microsoft365.collect(config(cloud), sleep=waits.append, backoff=0.01, **options)
    return collected, waits


def test_every_page_is_read_and_the_findings_match_the_accounts_check(cloud):
    collected, _waits = collect(cloud)
    assert cloud.counts["users"] == 3 and cloud.counts["userRegistrationDetails"] == 3  # 6 users, 2 a page
    by_address = {a.address: a for a in collected.accounts}
    assert len(by_address) == 6
    assert by_address["yamada@example.co.jp"].admin is True and by_address["sato@example.co.jp"].admin is False
    assert by_address["taishoku@example.co.jp"].enabled is False
    assert by_address["tanaka@example.co.jp"].never_signed_in is True
    data = accounts_result(collected, today=TODAY).as_json()
    assert (data["total"], data["enabled"], data["mfa_enabled"], data["mfa_coverage"]) == (6, 5, 3, 0.6)
    assert [f["id"] for f in data["findings"]] == [
        "admin-without-mfa",
        "no-mfa",
        "never-signed-in",
        "shared-account",
        "stale",
    ]
    assert data["findings"][0]["accounts"] == ["yamada@example.co.jp"]
    assert data["formats"] == ["microsoft365"] and data["source"]["service"] == "microsoft365"
    assert data["source"]["unknown"] == [] and data["source"]["users"] == 6


def test_throttling_and_a_503_mid_listing_are_waited_out_without_losing_or_doubling_a_user(cloud):
    cloud.faults[("users", 1)] = [Fault(429, "7", THROTTLED.body), UNAVAILABLE]
    cloud.faults[("userRegistrationDetails", 2)] = [THROTTLED]
    collected, waits = collect(cloud)
    assert waits[0] == 7.0  # Retry-After honoured
    assert len(waits) == 3 and collected.stats.throttled == 2 and collected.stats.retries == 3
    assert sorted(a.address for a in collected.accounts) == sorted(u.email for u in cloud.users)
    assert sum(a.mfa is True for a in collected.accounts) == sum(u.mfa for u in cloud.users)


def test_retry_after_is_capped_and_backoff_grows_without_it(cloud):
    cloud.faults[("users", 0)] = [Fault(429, "86400", THROTTLED.body), UNAVAILABLE, UNAVAILABLE]
    collected, waits = collect(cloud, max_wait=30)
    assert waits[0] == 30
    assert 0.01 <= waits[1] <= 0.02 and 0.02 <= waits[2] <= 0.04  # attempt n: 0.01 × 2^(n-1) × jitter in [0.5, 1]
    assert len(collected.accounts) == 6


def test_a_service_that_keeps_failing_stops_with_a_clear_error(cloud):
    cloud.faults[("users", 0)] = [UNAVAILABLE] * 10
    with pytest.raises(SourceError) as caught:
        collect(cloud, max_attempts=3)
    assert caught.value.kind == "unavailable" and "503" in caught.value.message


def test_a_revoked_token_is_renewed_once_and_the_request_repeated(cloud):
    cloud.revoke_after = 4
    collected, _waits = collect(cloud)
    assert len(collected.accounts) == 6
    assert len(cloud.issued) > 1 and collected.stats.token_renewals == len(cloud.issued) - 1


def test_a_token_about_to_expire_is_renewed_before_use(cloud):
    cloud.expires_in = 1  # renewed 0.1 s before: the clock below moves a second per request
    ticks = iter(range(0, 10_000))
    collected = microsoft365.collect(config(cloud), sleep=lambda s: None, clock=lambda: float(next(ticks)))
    assert len(collected.accounts) == 6 and collected.stats.token_renewals >= 5
    assert cloud.counts["users"] == 3  # renewed before the request, so no 401 round trip


def test_a_wrong_secret_is_an_auth_error_that_never_shows_the_secret(cloud):
    with pytest.raises(SourceError) as caught:
        microsoft365.collect(config(cloud, secret="wrong-" + CLIENT_SECRET), sleep=lambda s: None)
    assert caught.value.kind == "auth" and "invalid_client" in caught.value.message
    assert CLIENT_SECRET not in caught.value.message and CLIENT_SECRET not in repr(config(cloud))


def test_without_the_premium_licence_sign_in_is_unknown_never_never_signed_in(cloud):
    cloud.premium_sign_in = False
    collected, _waits = collect(cloud)
    assert collected.unknown == ["last_sign_in"]
    assert "premium" in collected.reasons["last_sign_in"]
    assert all(a.last_sign_in is None and a.never_signed_in is None for a in collected.accounts)
    data = accounts_result(collected, today=TODAY).as_json()
    ids = [f["id"] for f in data["findings"]]
    assert "never-signed-in" not in ids and "stale" not in ids
    assert "sign-in-unknown" in ids and next(f for f in data["findings"] if f["id"] == "sign-in-unknown")["count"] == 5
    assert data["source"]["unknown"] == ["last_sign_in"]


def test_without_registration_details_mfa_is_unknown_and_admins_still_come_from_roles(cloud):
    cloud.premium_registration = False
    collected, _waits = collect(cloud)
    assert collected.unknown == ["mfa"] and all(a.mfa is None for a in collected.accounts)
    assert {a.address for a in collected.accounts if a.admin} == {"yamada@example.co.jp"}
    data = accounts_result(collected, today=TODAY).as_json()
    ids = [f["id"] for f in data["findings"]]
    assert "mfa-unknown" in ids and "no-mfa" not in ids and data["mfa_coverage"] is None


def test_intune_devices_go_through_the_devices_check(cloud):
    collected, _waits = collect(cloud)
    result = devices_result(collected, today=TODAY).as_json()
    assert result["check"] == "devices" and result["devices_total"] == 3
    eol = next(f for f in result["findings"] if f["id"] == "os-eol")
    assert eol["devices"] == ["PC-01"]  # Windows 10 22H2 (build 19045), past 2025-10-14
    assert next(f for f in result["findings"] if f["id"] == "no-encryption")["devices"] == ["PC-01"]
    assert next(f for f in result["findings"] if f["id"] == "byod")["devices"] == ["iPhone-sato"]
    assert "updates-off" not in {f["id"] for f in result["findings"]}  # unknown, never "off"


def test_a_tenant_without_intune_has_no_devices_result(cloud):
    cloud.devices = None
    collected, _waits = collect(cloud)
    assert collected.devices is None and "devices" in collected.unknown
    assert devices_result(collected, today=TODAY) is None
    assert len(collected.accounts) == 6


def test_windows_builds_are_named_as_the_end_of_life_table_knows_them():
    device = microsoft365.intune_device(
        {"deviceName": "x", "operatingSystem": "Windows", "osVersion": "10.0.22631.1"}, 1
    )
    assert device.os is not None and (device.os.version, device.os.release) == ("11", "23H2")


def test_an_answer_nested_too_deeply_is_refused_by_the_bounded_reader(cloud):
    deep: dict = {}
    for _level in range(60):
        deep = {"a": deep}
    cloud.faults[("users", 0)] = [Fault(200, None, {"value": [], "x": deep})]
    with pytest.raises(SourceError) as caught:
        collect(cloud)
    assert "nested deeper" in caught.value.message
