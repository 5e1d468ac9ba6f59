"""Sign-in with Microsoft or Google against a real OpenID Connect provider on loopback (pyop): discovery, the code
flow with PKCE, linking, the tenant or domain rule, the MFA rule, and every refusal a broken or hostile token
deserves (wrong iss, aud or nonce, expired)."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from rashinban.sso.models import LinkedIdentity
from tests.conftest import login, make_user
from tests.sso.conftest import TENANT, through_provider


def link_alice(client, alice, op, **claims):
    op.add_user("alice-at-idp", "alice@a.example", tid=TENANT, hd="a.example", **claims)
    op.current_user = "alice-at-idp"
    login(client, alice)
    response = through_provider(client, op, link=True)
    assert response.status_code == 302 and response["Location"] == reverse("orgs:account")
    client.logout()


def test_discovery_code_flow_with_pkce_links_then_signs_in_and_mfa_counts(client, alice, op, allowed):
    link_alice(client, alice, op, amr=["pwd", "mfa"])
    identity = LinkedIdentity.objects.get(user=alice)
    assert (identity.issuer, identity.subject, identity.tenant) == (op.url, "alice-at-idp", TENANT)
    response = through_provider(client, op)
    assert int(client.session[SESSION_KEY]) == alice.pk
    assert response["Location"] == reverse("orgs:home")
    # PKCE: every code was exchanged with its verifier (the provider checked it against the S256 challenge).
    assert all(request.get("code_verifier") for request in op.token_requests) and len(op.token_requests) == 2
    # The token proved MFA: the owner's company pages open without our own code.
    dashboard = client.get(reverse("orgs:dashboard", kwargs={"org_id": alice.memberships.first().organisation_id}))
    assert dashboard.status_code == 200


def test_without_mfa_in_the_token_an_owner_still_enters_our_code(client, alice, op, allowed):
    link_alice(client, alice, op, amr=["pwd"])
    response = through_provider(client, op)
    assert int(client.session[SESSION_KEY]) == alice.pk
    assert response["Location"] == reverse("orgs:mfa_verify")  # alice has a TOTP device (tests/conftest.login)
    org_id = alice.memberships.first().organisation_id
    assert client.get(reverse("orgs:dashboard", kwargs={"org_id": org_id})).status_code == 302


def test_a_member_without_a_second_factor_needs_none(client, org_a, bob, op, allowed):
    op.add_user("bob-at-idp", "bob@a.example", tid=TENANT)
    op.current_user = "bob-at-idp"
    client.force_login(bob)
    through_provider(client, op, link=True)
    client.logout()
    response = through_provider(client, op)
    assert int(client.session[SESSION_KEY]) == bob.pk and response["Location"] == reverse("orgs:home")


@pytest.mark.parametrize(
    "tamper",
    [
        {"iss": "https://evil.example"},
        {"aud": "another-client"},
        {"nonce": "not-the-one-we-sent"},
        {"exp": int(time.time()) - 600, "iat": int(time.time()) - 4000},
    ],
    ids=["wrong-iss", "wrong-aud", "wrong-nonce", "expired"],
)
def test_a_token_that_fails_a_check_signs_nobody_in(client, alice, op, allowed, tamper):
    link_alice(client, alice, op, amr=["pwd", "mfa"])
    op.provider.tamper = tamper
    response = through_provider(client, op)
    assert response["Location"] == reverse("orgs:login")
    assert SESSION_KEY not in client.session


def test_another_tenant_is_refused(client, alice, op, allowed):
    link_alice(client, alice, op, amr=["pwd", "mfa"])
    op.extra_claims["alice-at-idp"]["tid"] = "99999999-0000-0000-0000-000000000000"
    response = through_provider(client, op)
    assert response["Location"] == reverse("orgs:login") and SESSION_KEY not in client.session
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("99999999" in m for m in messages)


def test_a_company_that_does_not_allow_the_provider_refuses_linking(client, alice, op):
    op.add_user("alice-at-idp", "alice@a.example", tid=TENANT)
    op.current_user = "alice-at-idp"
    login(client, alice)
    response = through_provider(client, op, link=True)
    assert response["Location"] == reverse("orgs:account") and not LinkedIdentity.objects.exists()


def test_google_needs_the_workspace_domain_a_personal_account_never_gets_in(client, alice, op, allowed):
    op.add_user("alice-google", "alice@a.example", hd="a.example")
    op.add_user("alice-gmail", "alice.personal@gmail.example")  # no hd: a personal account
    op.current_user = "alice-google"
    login(client, alice)
    assert through_provider(client, op, "google", link=True)["Location"] == reverse("orgs:account")
    assert LinkedIdentity.objects.get(user=alice, provider="google").tenant == "a.example"
    client.logout()
    assert through_provider(client, op, "google")["Location"] == reverse("orgs:mfa_verify")  # no amr from Google
    client.logout()
    op.current_user = "alice-gmail"
    assert through_provider(client, op, "google")["Location"] == reverse("orgs:login")
    assert SESSION_KEY not in client.session


def test_an_unlinked_account_and_a_second_link_are_refused(client, alice, op, allowed, org_a):
    op.add_user("stranger", "alice@a.example", tid=TENANT, amr=["mfa"])  # the same address is not enough
    op.current_user = "stranger"
    assert through_provider(client, op)["Location"] == reverse("orgs:login") and SESSION_KEY not in client.session
    link_alice(client, alice, op)
    carl = make_user("carl@a.example", "Carl")
    org_a.memberships.create(user=carl, role="member")
    client.force_login(carl)
    op.current_user = "alice-at-idp"
    through_provider(client, op, link=True)
    assert LinkedIdentity.objects.get().user == alice  # still alice's


def test_unlink(client, alice, op, allowed):
    link_alice(client, alice, op)
    login(client, alice)
    client.post(reverse("sso:unlink", kwargs={"provider": "microsoft"}))
    assert not LinkedIdentity.objects.exists()


def test_the_owner_allows_a_tenant_and_others_may_not(client, alice, bob, org_a, org_b, op):
    login(client, alice)
    url = reverse("sso:company_settings", kwargs={"org_id": org_a.id})
    assert client.post(url, {"allowed-microsoft": TENANT.upper(), "allowed-google": ""}).status_code == 302
    assert list(org_a.sign_in_providers.values_list("provider", "allowed")) == [("microsoft", TENANT)]
    client.post(url, {"allowed-microsoft": "not a tenant", "allowed-google": "a.example"})
    assert list(org_a.sign_in_providers.values_list("provider", "allowed")) == [("microsoft", TENANT)]  # unchanged
    assert client.get(reverse("sso:company_settings", kwargs={"org_id": org_b.id})).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code in (302, 403)


def test_an_unconfigured_provider_is_404_and_no_button(client, settings):
    settings.SSO_PROVIDERS = {"microsoft": {"client_id": "", "discovery_url": "x"}, "google": {"client_id": ""}}
    assert client.get(reverse("sso:start", kwargs={"provider": "microsoft"})).status_code == 404
    assert 'id="sso-buttons"' not in client.get(reverse("orgs:login")).content.decode()


def test_entra_multi_tenant_issuer_must_carry_the_token_own_tenant():
    from types import SimpleNamespace

    from rashinban.sso.client import issuer_ok

    entra = SimpleNamespace(
        load_server_metadata=lambda: {"issuer": "https://login.microsoftonline.com/{tenantid}/v2.0"}
    )
    good = {"iss": f"https://login.microsoftonline.com/{TENANT}/v2.0", "tid": TENANT}
    assert issuer_ok(entra, good)
    assert not issuer_ok(entra, {**good, "tid": "99999999-0000-0000-0000-000000000000"})
    assert not issuer_ok(entra, {"iss": "https://login.microsoftonline.com/{tenantid}/v2.0"})  # no tid
