from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest
from django.urls import reverse

from rashinban.sso.models import CompanySignIn
from tests.sso.oidc_provider import CLIENT_ID, CLIENT_SECRET, OidcProvider

TENANT = "11111111-2222-3333-4444-555555555555"


@pytest.fixture
def op(settings):
    redirects = [f"http://testserver/sign-in/{p}/callback/" for p in ("microsoft", "google")]
    with OidcProvider(redirects) as provider:
        conf = {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "discovery_url": f"{provider.url}/.well-known/openid-configuration",
        }
        settings.SSO_PROVIDERS = {"microsoft": dict(conf), "google": dict(conf)}
        yield provider


@pytest.fixture
def allowed(org_a):
    CompanySignIn.objects.create(organisation=org_a, provider="microsoft", allowed=TENANT)
    CompanySignIn.objects.create(organisation=org_a, provider="google", allowed="a.example")


def through_provider(client, op, provider: str = "microsoft", link: bool = False):
    """Start at our site, let the provider answer (a real HTTP round trip), come back to our callback."""
    start = client.get(reverse("sso:start", kwargs={"provider": provider}) + ("?link=1" if link else ""))
    assert start.status_code == 302 and start["Location"].startswith(op.url), start
    answer = httpx.get(start["Location"], follow_redirects=False)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    return client.get(f"{back.path}?{back.query}")
