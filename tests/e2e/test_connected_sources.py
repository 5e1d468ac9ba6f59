"""Connecting Microsoft 365 in a real browser against a loopback Graph: the owner reads the steps, enters the ids
and the secret, sees the first collection's findings, then the dashboard says how fresh each evidence is.
Selectors are ids, names and hrefs only: the wording is translated."""

from __future__ import annotations

import pytest

from rashinban.evidence.models import CheckRun, SourceConnection
from tests.e2e.test_evidence_checks import signed_in_page
from tests.evidence.sources.conftest import small_tenant
from tests.evidence.sources.fake_cloud import CLIENT_SECRET, Device, FakeCloud

pytestmark = pytest.mark.browser
CLIENT_ID = "0f1e2d3c-0000-4000-8000-00000000abcd"


@pytest.fixture
def graph(settings):  # type: ignore[no-untyped-def]
    devices = [Device("PC-01", "Windows", "10.0.19045.5247", encrypted=False), Device("PC-02", "macOS", "15.1")]
    with FakeCloud(small_tenant(), devices) as cloud:
        cloud.client_id = CLIENT_ID
        cloud.page_size = 2
        settings.EVIDENCE_GRAPH_URL = cloud.url
        settings.EVIDENCE_MS_LOGIN_URL = cloud.url
        settings.EVIDENCE_COLLECT_BACKOFF = 0.0
        yield cloud


def test_owner_connects_microsoft_365_and_sees_the_findings(live_url, new_context, console, shoot, alice, org_a, graph):  # type: ignore[no-untyped-def]
    page = signed_in_page(new_context, live_url, alice)
    page.goto(f"{live_url}/o/{org_a.id}/evidence/")
    page.locator('#source-microsoft365 a[href$="/evidence/sources/microsoft365/"]').click()
    assert page.locator("#permissions code").all_inner_texts()[:3] == [
        "User.Read.All",
        "AuditLog.Read.All",
        "RoleManagement.Read.Directory",
    ]
    shoot(page, "evidence-05-connect-microsoft365", full_page=True)

    page.fill("#id_tenant_id", graph.tenant)
    page.fill("#id_client_id", CLIENT_ID)
    page.fill("#id_client_secret", CLIENT_SECRET)
    page.locator("#source-form button[type=submit]").click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/evidence/sources/microsoft365/")
    assert page.locator(".finding").first.get_attribute("id") == "finding-admin-without-mfa"
    assert "yamada@example.co.jp" in page.locator("#finding-admin-without-mfa").inner_text()
    assert page.locator("#id_client_secret").input_value() == ""  # never rendered back
    assert CLIENT_SECRET not in page.content()
    shoot(page, "evidence-06-microsoft365-collected", full_page=True)
    assert SourceConnection.objects.filter(organisation=org_a).count() == 1
    assert set(CheckRun.objects.filter(organisation=org_a).values_list("check_name", flat=True)) == {
        "accounts",
        "devices",
    }

    page.goto(f"{live_url}/o/{org_a.id}/")
    page.locator("#fold-evidence > summary").click()  # the dashboard's other cards are one tap away
    page.locator("#fold-evidence[data-state=loaded]").wait_for()  # its body is fetched when it opens
    panel = page.locator("#evidence-freshness")
    assert panel.locator("#freshness-accounts .state-fresh").count() == 1
    assert panel.locator("#freshness-backups .state-missing").count() == 1
    panel.scroll_into_view_if_needed()
    shoot(page, "evidence-07-freshness-dashboard")

    page.goto(f"{live_url}/o/{org_a.id}/evidence/sources/microsoft365/")
    page.locator("#disconnect button").click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/evidence/sources/microsoft365/")
    assert not SourceConnection.objects.exists() and page.locator("#disconnect").count() == 0
    assert console.problems == []
