"""A real OpenID Connect provider on loopback for the sign-in tests: pyop (IdentityPython's OP library) behind
http.server, with discovery, the authorization code flow with PKCE (S256), a JWKS and signed ID tokens.

The authorization endpoint signs in `provider.current_user` without a page (the provider's own login screen is not
what we test). `tamper` changes the next ID tokens as a broken or hostile provider would: another issuer, audience
or nonce, or a token that has already expired.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwkest.jwk import RSAKey, import_rsa_key
from oic.oic.message import IdToken
from pyop.authz_state import AuthorizationState
from pyop.exceptions import InvalidAuthenticationRequest, InvalidClientAuthentication, OAuthError
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo

CLIENT_ID = "rashinban-test-client"
CLIENT_SECRET = "oidc-client-secret-for-tests"


class TamperingProvider(Provider):
    """pyop's provider; `tamper` overrides claims of the ID tokens it signs (for the refusal tests)."""

    tamper: dict[str, Any] = {}

    def _create_signed_id_token(self, client_id, sub, user_claims=None, nonce=None, authorization_code=None,
                                access_token_value=None, extra_id_token_claims=None):  # type: ignore[no-untyped-def]  # fmt: skip
        if not self.tamper:
            return super()._create_signed_id_token(
                client_id, sub, user_claims, nonce, authorization_code, access_token_value, extra_id_token_claims
            )
        now = int(time.time())
        claims = {"iss": self.configuration_information["issuer"], "sub": sub, "aud": client_id, "iat": now,
                  "exp": now + self.id_token_lifetime, "nonce": nonce, **(user_claims or {}),
                  **(extra_id_token_claims or {}), **self.tamper}  # fmt: skip
        return IdToken(**{k: v for k, v in claims.items() if v is not None}).to_jwt([self.signing_key], "RS256")


class OidcProvider:
    def __init__(self, redirect_uris: list[str]) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())  # fmt: skip
        self.users: dict[str, dict[str, Any]] = {}
        self.extra_claims: dict[str, dict[str, Any]] = {}  # user id -> amr, tid, hd ...
        self.current_user = ""
        self.token_requests: list[dict[str, str]] = []
        self.provider = TamperingProvider(
            RSAKey(key=import_rsa_key(pem), alg="RS256", kid="test-key"),
            {
                "issuer": self.url.replace("http:", "https:"),  # oic insists on https; set back below
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
                "code_challenge_methods_supported": ["S256"],
                "claims_supported": ["sub", "email", "name", "amr", "tid", "hd"],
            },
            AuthorizationState(HashBasedSubjectIdentifierFactory("salt")),
            {
                CLIENT_ID: {
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": redirect_uris,
                    "response_types": ["code"],
                    "token_endpoint_auth_method": "client_secret_basic",
                }
            },
            Userinfo(self.users),
        )
        self.provider.tamper = {}
        # The loopback server has no certificate: after oic's check, the issuer is its real (http) address.
        self.provider.configuration_information["issuer"] = self.url
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add_user(self, user_id: str, email: str, **extra: Any) -> None:
        self.users[user_id] = {"sub": user_id, "email": email, "email_verified": True, "name": user_id}
        self.extra_claims[user_id] = {"email": email, **extra}  # Entra and Google put the address in the ID token

    def __enter__(self) -> OidcProvider:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def authorize(self, query: str) -> tuple[int, dict[str, str], bytes]:
        try:
            request = self.provider.parse_authentication_request(query)
        except InvalidAuthenticationRequest as error:
            return 400, {}, str(error).encode()
        extra = self.extra_claims.get(self.current_user, {})
        response = self.provider.authorize(request, self.current_user, extra_id_token_claims=extra)
        return 302, {"Location": response.request(request["redirect_uri"], False)}, b""

    def token(self, body: str, headers: Mapping[str, str]) -> tuple[int, dict[str, Any]]:
        self.token_requests.append({k: v[0] for k, v in parse_qs(body).items()})
        user_claims = lambda user_id, client_id: dict(self.extra_claims.get(user_id, {}))  # noqa: E731
        try:
            response = self.provider.handle_token_request(body, dict(headers), user_claims)
        except InvalidClientAuthentication as error:
            return 401, error.to_json() if hasattr(error, "to_json") else {"error": "invalid_client"}
        except OAuthError as error:
            return 400, {"error": error.oauth_error, "error_description": str(error)}
        return 200, response.to_dict()


def _handler(op: OidcProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 1 << 16
        disable_nagle_algorithm = True

        def log_message(self, *args: object) -> None:
            pass

        def send(self, status: int, body: bytes, headers: Mapping[str, str], content_type: str) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def json(self, status: int, data: Any) -> None:
            self.send(status, json.dumps(data).encode(), {"Cache-Control": "no-store"}, "application/json")

        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            if parts.path == "/.well-known/openid-configuration":
                self.json(200, op.provider.provider_configuration.to_dict())
            elif parts.path == "/jwks":
                self.json(200, op.provider.jwks)
            elif parts.path == "/authorize":
                status, headers, body = op.authorize(parts.query)
                self.send(status, body, headers, "text/plain")
            else:
                self.json(404, {"error": "not_found"})

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
            if urlsplit(self.path).path == "/token":
                self.json(*op.token(body, dict(self.headers.items())))
            else:
                self.json(404, {"error": "not_found"})

    return Handler
