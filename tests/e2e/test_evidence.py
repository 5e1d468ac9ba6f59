"""Evidence in a real browser: upload account exports, enter a mail domain (answered by the loopback DNS server),
read the findings and the history, and see the evidence on the security self-check."""

from __future__ import annotations

import pytest
from django.test import Client

from rashinban.assessments.models import Diagnosis
from tests.conftest import login
from tests.evidence.dns_server import dns_server  # noqa: F401  (fixture)
from tests.evidence.test_account_exports import FIXTURES
from tests.security.helpers import all_answered

pytestmark = pytest.mark.browser


def signed_in_context(new_context, live_url, user):  # type: ignore[no-untyped-def]
    client = login(Client(), user)
    context = new_context()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_url}])
    return context, client


def test_owner_backs_the_self_check_with_evidence(
    live_url,
    new_context,
    console,
    shoot,
    settings,
    dns_server,  # noqa: F811
    alice,
    org_a,
):  # type: ignore[no-untyped-def]
    settings.EVIDENCE_NAMESERVER = dns_server
    context, client = signed_in_context(new_context, live_url, alice)
    page = context.new_page()
    evidence = f"/o/{org_a.id}/evidence/"

    # From the dashboard's top bar (its "more" menu) to the evidence overview, then to the accounts check.
    page.goto(f"{live_url}/o/{org_a.id}/")
    page.locator("#nav-more > summary").click()
    page.locator(f'.topnav a[href="{evidence}"]').click()
    page.wait_for_url(live_url + evidence)
    page.locator(f'#check-accounts a[href="{evidence}accounts/"]').first.click()

    # Two exports of one Microsoft 365 tenant and the staff list (Shift_JIS).
    page.set_input_files(
        "#id_files", [str(FIXTURES / "m365_active_users.csv"), str(FIXTURES / "entra_registration_portal.csv")]
    )
    page.set_input_files("#id_roster", str(FIXTURES / "roster.csv"))
    page.locator("#check-form button[type=submit]").click()
    page.wait_for_url(f"{live_url}{evidence}runs/*/")
    findings = page.locator(".finding")
    assert findings.first.get_attribute("id") == "finding-admin-without-mfa"
    ids = [findings.nth(i).get_attribute("id") for i in range(findings.count())]
    assert ids.index("finding-no-mfa") < ids.index("finding-shared-account")
    assert "kobayashi@example.co.jp" in page.locator("#finding-not-on-roster").inner_text()
    shoot(page, "evidence-02-accounts-run", full_page=True)

    # A bad file: the page names the file, row and column; nothing is recorded.
    page.goto(f"{live_url}{evidence}accounts/")
    page.set_input_files("#id_files", str(FIXTURES / "bad_date.csv"))
    page.locator("#check-form button[type=submit]").click()
    assert "bad_date.csv" in page.locator(".errors").inner_text()
    assert page.locator("#history tbody tr").count() == 1

    # The mail domain, checked against the loopback DNS server and remembered for the weekly re-check.
    page.goto(f"{live_url}{evidence}mail-domain/")
    page.fill("#id_domain", "weak.test")
    page.locator("#check-form button[type=submit]").click()
    page.wait_for_url(f"{live_url}{evidence}runs/*/")
    assert page.locator("#finding-dmarc-none").count() == 1 and page.locator("#finding-spf-softfail").count() == 1
    assert "~all" in page.locator("#figures").inner_text()
    shoot(page, "evidence-03-mail-domain", full_page=True)
    page.goto(f"{live_url}{evidence}mail-domain/")
    assert "weak.test" in page.locator(".domains").inner_text()

    # The self-check, answered "done" everywhere: evidence contradicts MFA and mail spoofing.
    client.post(f"/o/{org_a.id}/security/checks/new/")
    diagnosis = Diagnosis.objects.get(organisation=org_a, catalog_id="security-selfcheck")
    client.post(f"/o/{org_a.id}/security/checks/{diagnosis.pk}/answer/", all_answered("done"))
    page.goto(f"{live_url}/o/{org_a.id}/security/checks/{diagnosis.pk}/")
    assert page.locator("#evidence-basic-mfa .evidence-badge.contradicted").count() == 1
    assert page.locator("#evidence-org-mail-spoofing .evidence-badge.contradicted").count() == 1
    page.locator("#selfcheck-evidence").evaluate("card => card.scrollIntoView()")
    shoot(page, "evidence-04-selfcheck")

    page.goto(live_url + evidence)
    assert page.locator("#check-accounts .level-badge.level-critical").count() == 1
    shoot(page, "evidence-01-overview", full_page=True)
    assert console.take() == []
