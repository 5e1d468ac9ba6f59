"""A real HTTP server on loopback that answers as Microsoft Graph, Microsoft's token endpoint, Google's token
service and the Admin SDK Directory API do (the documented response shapes), with the faults the collectors must
survive: throttling (429, Google's 403 rateLimitExceeded) with Retry-After, 5xx, revoked tokens, missing licences.

Also used by bench/evidence_collect.py. Tenants are lists of `TenantUser`, so a test can write the very same
users as a CSV export and compare.
"""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_SECRET = "s3cr3t-value-never-printed"
ADMIN_EMAIL = "admin@example.co.jp"


@dataclass
class TenantUser:
    email: str
    name: str
    enabled: bool = True
    mfa: bool = True
    admin: bool = False
    last_sign_in: date | None = date(2026, 11, 20)
    created: date = date(2024, 4, 1)


@dataclass
class Device:
    name: str
    os: str
    version: str
    encrypted: bool | None = True
    owner_type: str = "company"
    user: str = ""


def make_tenant(count: int, seed: int = 7) -> list[TenantUser]:
    """A deterministic tenant with every kind of account the check tells apart."""
    rng = random.Random(seed)
    users = []
    for i in range(count):
        roll = rng.random()
        users.append(
            TenantUser(
                email=("info" if i % 997 == 5 else f"user{i:05d}") + f"{'' if i % 997 != 5 else i}@example.co.jp",
                name=f"社員 {i:05d}",
                enabled=roll > 0.05,
                mfa=rng.random() > 0.2,
                admin=i % 250 == 0,
                last_sign_in=None if roll < 0.08 else date(2026, rng.randint(1, 11), rng.randint(1, 28)),
                created=date(2025, 1, 1) if i % 3 else date(2026, 11, 1),
            )
        )
    return users


def generic_csv(users: list[TenantUser]) -> str:
    """The same users as the generic CSV export of docs/evidence.md."""
    lines = ["email,name,enabled,mfa,admin,last_sign_in,created"]
    for u in users:
        yes = {True: "yes", False: "no"}
        last = u.last_sign_in.isoformat() if u.last_sign_in else ""
        lines.append(f"{u.email},{u.name},{yes[u.enabled]},{yes[u.mfa]},{yes[u.admin]},{last},{u.created.isoformat()}")
    return "\n".join(lines) + "\n"


def _stamp(day: date | None) -> str | None:
    return f"{day.isoformat()}T09:30:00Z" if day else None


@dataclass
class Fault:
    status: int
    retry_after: str | None = None
    body: dict[str, Any] = field(default_factory=dict)


THROTTLED = Fault(429, "0", {"error": {"code": "TooManyRequests", "message": "Too many requests"}})
UNAVAILABLE = Fault(503, None, {"error": {"code": "ServiceUnavailable", "message": "try later"}})
GOOGLE_RATE = Fault(
    403, "0", {"error": {"code": 403, "message": "Quota", "errors": [{"reason": "userRateLimitExceeded"}]}}
)


class FakeCloud:
    """One server for both services; configure the scenario on the instance before or between requests."""

    def __init__(self, users: list[TenantUser], devices: list[Device] | None = None) -> None:
        self.users = users
        self.devices = devices
        self.page_size = 100
        self.premium_sign_in = True  # Entra ID P1/P2: signInActivity
        self.premium_registration = True  # userRegistrationDetails
        self.roles_allowed = True
        self.expires_in = 3600
        self.revoke_after: int | None = None  # answer 401 once the current token served this many requests
        self.faults: dict[tuple[str, int], list[Fault]] = {}  # (listing, page index) -> faults, consumed in order
        self.tenant = "11111111-2222-3333-4444-555555555555"
        self.client_id = "app-client-id"
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.counts: Counter[str] = Counter()
        self.issued: list[str] = []
        self._uses: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeCloud:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ---------------------------------------------------------------- Google credentials

    def service_account(self, token_uri: str | None = None) -> dict[str, str]:
        pem = self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        return {
            "type": "service_account",
            "project_id": "rashinban-test",
            "private_key_id": "key-1",
            "private_key": pem,
            "client_email": "collector@rashinban-test.iam.gserviceaccount.com",
            "client_id": "1234567890",
            "token_uri": token_uri or f"{self.url}/token",
        }

    # ---------------------------------------------------------------- answering

    def token(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if path == "/token":  # Google: a JWT signed with the service account's key
            try:
                claims = jwt.decode(
                    form.get("assertion", ""), self.key.public_key(), algorithms=["RS256"], audience=f"{self.url}/token"
                )
            except jwt.PyJWTError as error:
                return 400, {"error": "invalid_grant", "error_description": f"Invalid JWT: {type(error).__name__}"}
            if claims.get("sub") != ADMIN_EMAIL or "admin.directory.user.readonly" not in claims.get("scope", ""):
                return 401, {"error": "unauthorized_client", "error_description": "Client is unauthorized"}
        elif path != f"/{self.tenant}/oauth2/v2.0/token":
            return 400, {"error": "invalid_request", "error_description": "AADSTS90002: Tenant not found."}
        elif form.get("client_secret") != CLIENT_SECRET or form.get("client_id") != self.client_id:
            return 401, {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret."}
        value = f"token-{len(self.issued) + 1}"
        self.issued.append(value)
        return 200, {"token_type": "Bearer", "expires_in": self.expires_in, "access_token": value}

    def authorised(self, header: str) -> bool:
        value = header.removeprefix("Bearer ")
        with self._lock:
            if not self.issued or value != self.issued[-1]:
                return False
            self._uses[value] += 1
            return self.revoke_after is None or self._uses[value] <= self.revoke_after

    def page(self, items: list[Any], index: int, render: Any = None) -> tuple[list[Any], int | None]:
        """One page; `render(i, item)` turns only this page's items into the service's JSON."""
        start = index * self.page_size
        chunk = items[start : start + self.page_size]
        if render is not None:
            chunk = [render(start + n, item) for n, item in enumerate(chunk)]
        return chunk, (index + 1 if start + self.page_size < len(items) else None)

    def fault(self, listing: str, index: int) -> Fault | None:
        with self._lock:
            queue = self.faults.get((listing, index))
            return queue.pop(0) if queue else None

    def graph(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        index = int(query.get("$skiptoken", "0"))
        render = None
        forbidden = {"error": {"code": "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                               "message": "Neither tenant is B2C or tenant doesn't have premium license"}}  # fmt: skip
        if path == "/v1.0/users":
            if "signInActivity" in query.get("$select", "") and not self.premium_sign_in:
                return 403, forbidden
            activity = "signInActivity" in query.get("$select", "")
            items, render = self.users, lambda i, u: self.graph_user(i, u, activity)
        elif path == "/v1.0/reports/authenticationMethods/userRegistrationDetails":
            if not self.premium_registration:
                return 403, forbidden
            items, render = self.users, lambda i, u: (
                {"id": f"u{i}", "userPrincipalName": u.email, "userDisplayName": u.name, "isAdmin": u.admin,
                 "isMfaRegistered": u.mfa, "isMfaCapable": u.mfa, "methodsRegistered": ["microsoftAuthenticatorPush"] if u.mfa else []}
            )  # fmt: skip
        elif path == "/v1.0/directoryRoles":
            if not self.roles_allowed:
                return 403, {"error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges"}}
            items = [{"id": "role-ga", "displayName": "Global Administrator"}, {"id": "role-empty", "displayName": "x"}]
        elif path == "/v1.0/directoryRoles/role-ga/members":
            items = [
                {"@odata.type": "#microsoft.graph.user", "id": f"u{i}"} for i, u in enumerate(self.users) if u.admin
            ]
        elif path == "/v1.0/directoryRoles/role-empty/members":
            items = []
        elif path == "/v1.0/deviceManagement/managedDevices":
            if self.devices is None:
                return 400, {"error": {"code": "BadRequest", "message": "Request not applicable to target tenant."}}
            items = [
                {"id": f"d{i}", "deviceName": d.name, "operatingSystem": d.os, "osVersion": d.version,
                 "isEncrypted": d.encrypted, "managedDeviceOwnerType": d.owner_type, "userPrincipalName": d.user}
                for i, d in enumerate(self.devices)
            ]  # fmt: skip
        else:
            return 404, {"error": {"code": "Request_ResourceNotFound", "message": path}}
        chunk, following = self.page(items, index, render)
        body: dict[str, Any] = {"@odata.context": f"{self.url}/v1.0/$metadata#users", "value": chunk}
        if following is not None:
            body["@odata.nextLink"] = f"{self.url}{path}?" + urlencode({**query, "$skiptoken": str(following)})
        return 200, body

    def graph_user(self, i: int, u: TenantUser, with_activity: bool) -> dict[str, Any]:
        user: dict[str, Any] = {
            "id": f"u{i}",
            "userPrincipalName": u.email,
            "displayName": u.name,
            "accountEnabled": u.enabled,
            "createdDateTime": _stamp(u.created),
        }
        if with_activity:
            user["signInActivity"] = (
                {"lastSignInDateTime": _stamp(u.last_sign_in), "lastNonInteractiveSignInDateTime": None}
                if u.last_sign_in
                else None
            )
        return user

    def google(self, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if query.get("customer") not in ("my_customer", "C01abc"):
            return 400, {"error": {"code": 400, "message": "Bad Request", "errors": [{"reason": "badRequest"}]}}
        index = int(query.get("pageToken", "0") or 0)
        chunk, following = self.page(self.users, index, lambda i, u: (
            {"kind": "admin#directory#user", "id": f"g{i}", "primaryEmail": u.email, "name": {"fullName": u.name},
             "suspended": not u.enabled, "archived": False, "isAdmin": u.admin, "isDelegatedAdmin": False,
             "isEnrolledIn2Sv": u.mfa, "isEnforcedIn2Sv": u.mfa and i % 2 == 0,
             "lastLoginTime": _stamp(u.last_sign_in) or "1970-01-01T00:00:00.000Z", "creationTime": _stamp(u.created)}
        ))  # fmt: skip
        body: dict[str, Any] = {"kind": "admin#directory#users", "users": chunk}
        if following is not None:
            body["nextPageToken"] = str(following)
        return 200, body


def _handler(cloud: FakeCloud) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 1 << 16  # headers and body leave in one write (flushed after each request), no Nagle stalls
        disable_nagle_algorithm = True

        def log_message(self, *args: object) -> None:
            pass

        def answer(self, status: int, body: dict[str, Any], retry_after: str | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if retry_after is not None:
                self.send_header("Retry-After", retry_after)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            cloud.counts["token"] += 1
            self.answer(*cloud.token(urlsplit(self.path).path, form))

        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            listing = "google" if parts.path.startswith("/admin/") else parts.path.rsplit("/", 1)[-1]
            index = int(query.get("$skiptoken", query.get("pageToken", "0")) or 0)
            cloud.counts[listing] += 1
            if not cloud.authorised(self.headers.get("Authorization", "")):
                self.answer(
                    401, {"error": {"code": "InvalidAuthenticationToken", "message": "Access token has expired."}}
                )
                return
            fault = cloud.fault(listing, index)
            if fault is not None:
                cloud.counts[f"fault-{fault.status}"] += 1
                self.answer(fault.status, fault.body, fault.retry_after)
                return
            self.answer(*(cloud.google(query) if listing == "google" else cloud.graph(parts.path, query)))

    return Handler
