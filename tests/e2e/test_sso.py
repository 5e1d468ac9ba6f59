"""Sign-in with Microsoft and Google as a new user tries it, in headless Chromium against a real OpenID Connect
provider on loopback (pyop): link from the account page, sign in with each provider, a refused tenant, the MFA
rule. Selectors are ids and hrefs only: the wording is translated."""

from __future__ import annotations

import pytest

from rashinban.sso.models import CompanySignIn, LinkedIdentity
from tests.e2e.test_evidence_checks import signed_in_page
from tests.sso.oidc_provider import CLIENT_ID, CLIENT_SECRET, OidcProvider

pytestmark = pytest.mark.browser
TENANT = "11111111-2222-3333-4444-555555555555"


@pytest.fixture
def op(live_url, settings):  # type: ignore[no-untyped-def]
    with OidcProvider([f"{live_url}/sign-in/{p}/callback/" for p in ("microsoft", "google")]) as provider:
        conf = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                "discovery_url": f"{provider.url}/.well-known/openid-configuration"}  # fmt: skip
        settings.SSO_PROVIDERS = {"microsoft": dict(conf), "google": dict(conf)}
        yield provider


def test_link_then_sign_in_with_each_provider_a_refused_tenant_and_the_mfa_rule(
    live_url, new_context, console, shoot, alice, org_a, op
):  # type: ignore[no-untyped-def]
    CompanySignIn.objects.create(organisation=org_a, provider="microsoft", allowed=TENANT)
    CompanySignIn.objects.create(organisation=org_a, provider="google", allowed="a.example")
    op.add_user("alice-ms", "alice@a.example", tid=TENANT, amr=["pwd", "mfa"])
    op.add_user("alice-google", "alice@a.example", hd="a.example")

    # Linking: signed in with the password (and our code), the owner links both accounts on the account page.
    page = signed_in_page(new_context, live_url, alice)
    page.goto(f"{live_url}/account/")
    for user, provider in (("alice-ms", "microsoft"), ("alice-google", "google")):
        op.current_user = user
        page.locator(f'#sso-link-{provider} a[href$="?link=1"]').click()
        page.wait_for_url(f"{live_url}/account/")
        assert page.locator(f"#sso-link-{provider} form").count() == 1  # linked: "remove the link" shows
    shoot(page, "sso-01-account-linked", full_page=True)
    assert LinkedIdentity.objects.filter(user=alice).count() == 2

    # Microsoft: the token proves MFA (amr), so the owner lands on her company without our code.
    fresh = new_context()
    page = fresh.new_page()
    page.goto(f"{live_url}/login/")
    shoot(page, "sso-02-sign-in-page")
    op.current_user = "alice-ms"
    page.locator("#sso-microsoft").click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/")
    assert page.locator("h1").inner_text() == org_a.name

    # Google sends no amr: the owner is asked for our code (the MFA rule).
    fresh.clear_cookies()
    page.goto(f"{live_url}/login/")
    op.current_user = "alice-google"
    page.locator("#sso-google").click()
    page.wait_for_url(f"{live_url}/mfa/verify/")
    shoot(page, "sso-03-google-asks-our-code")

    # A token of another tenant is refused with the tenant named.
    fresh.clear_cookies()
    op.extra_claims["alice-ms"]["tid"] = "99999999-0000-0000-0000-000000000000"
    page.goto(f"{live_url}/login/")
    op.current_user = "alice-ms"
    page.locator("#sso-microsoft").click()
    page.wait_for_url(f"{live_url}/login/")
    assert "99999999" in page.locator(".messages, .msg-error, [role=alert]").first.inner_text()
    shoot(page, "sso-04-tenant-refused")
    assert console.problems == []
