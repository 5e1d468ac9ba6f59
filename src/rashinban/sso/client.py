"""The OpenID Connect clients (Authlib): discovery, the authorization code flow with PKCE (S256), state and nonce
kept in the session, and the ID token checked against the provider's keys (signature, `iss`, `aud`, `exp`, `nonce`).

A provider is offered once its client id is set (settings `SSO_MICROSOFT_*`, `SSO_GOOGLE_*`; docs/deploy.md).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from authlib.integrations.django_client import OAuth
from django.conf import settings

SCOPE = "openid email profile"


def configured() -> dict[str, dict[str, str]]:
    """Providers with a client id: name -> {client_id, client_secret, discovery_url}."""
    return {name: conf for name, conf in settings.SSO_PROVIDERS.items() if conf.get("client_id")}


@cache
def _registry(key: tuple[tuple[str, str, str, str], ...]) -> OAuth:
    oauth = OAuth()
    for name, client_id, client_secret, discovery_url in key:
        oauth.register(
            name=name,
            client_id=client_id,
            client_secret=client_secret,
            server_metadata_url=discovery_url,
            client_kwargs={"scope": SCOPE, "code_challenge_method": "S256", "timeout": 10},
        )
    return oauth


def client(name: str) -> Any:
    """The Authlib client of one configured provider (KeyError when it is not configured)."""
    conf = configured()[name]
    key = tuple(
        sorted((n, c["client_id"], c.get("client_secret", ""), c["discovery_url"]) for n, c in configured().items())
    )
    assert conf
    return _registry(key).create_client(name)


def claims_options(client: Any) -> dict[str, Any]:
    """What Authlib checks of the ID token's issuer: the provider's issuer exactly, or, for Entra ID's multi-tenant
    discovery (issuer `https://login.microsoftonline.com/{tenantid}/v2.0`), its presence: `issuer_ok` then checks it."""
    issuer = client.load_server_metadata().get("issuer", "")
    if "{tenantid}" in issuer:
        return {"iss": {"essential": True}}
    return {"iss": {"essential": True, "values": [issuer]}}


def issuer_ok(client: Any, claims: Any) -> bool:
    """The token's issuer is the provider's, with the token's own tenant filled in where the issuer is templated."""
    issuer = client.load_server_metadata().get("issuer", "")
    tid = claims.get("tid")
    expected = issuer.replace("{tenantid}", tid) if isinstance(tid, str) and tid else issuer
    return "{tenantid}" not in expected and claims.get("iss") == expected
