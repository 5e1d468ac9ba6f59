"""Google Workspace through the Admin SDK Directory API with a service account and domain-wide delegation.

The token: a JWT signed with the service account's private key (PyJWT + cryptography, RS256), `sub` the admin the
service account acts for, sent to the `token_uri` the credentials file names (RFC 7523 JWT bearer grant). Then
`GET /admin/directory/v1/users?customer=my_customer`, page by page (`nextPageToken`): suspended, archived, admin,
2-Step Verification enrolment and enforcement, last login (`1970-01-01T00:00:00.000Z` = never).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import jwt

from rashinban.evidence.account_exports import Account
from rashinban.evidence.sources.collected import Collected, parse_timestamp
from rashinban.evidence.sources.http import ApiClient, SourceError, Token
from rashinban.evidence.text import _

SERVICE = "google-workspace"
API_URL = "https://admin.googleapis.com"
TOKEN_URI = "https://oauth2.googleapis.com/token"
SCOPE = "https://www.googleapis.com/auth/admin.directory.user.readonly"
GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"
PAGE_SIZE = "500"  # the API's most
MAX_CREDENTIALS_BYTES = 64 * 1024
FIELDS = (
    "nextPageToken,users(id,primaryEmail,name/fullName,suspended,archived,isAdmin,isDelegatedAdmin,"
    "isEnrolledIn2Sv,isEnforcedIn2Sv,lastLoginTime,creationTime)"
)


@dataclass(frozen=True)
class ServiceAccount:
    client_email: str
    private_key: str
    private_key_id: str
    token_uri: str

    def __repr__(self) -> str:  # never the key
        return f"ServiceAccount(client_email={self.client_email!r}, token_uri={self.token_uri!r})"


@dataclass(frozen=True)
class GoogleConfig:
    credentials: ServiceAccount
    admin_email: str
    customer: str = "my_customer"
    api_url: str = API_URL


class CredentialsError(ValueError):
    """The credentials file is not a service account key: a translated message naming the field."""


def read_credentials(data: bytes) -> ServiceAccount:
    """The service account key file Google Cloud console downloads (JSON)."""
    from rashinban.evidence.sources.http import load_json

    if len(data) > MAX_CREDENTIALS_BYTES:
        raise CredentialsError(_("the file is too large for a service account key"))
    try:
        info = load_json(data, _("the credentials file"))
    except SourceError as error:
        raise CredentialsError(error.message) from None
    if info.get("type") != "service_account":
        raise CredentialsError(_("“type” must be “service_account”: download a key of a service account"))
    fields = {}
    for name in ("client_email", "private_key", "token_uri"):
        value = info.get(name)
        if not isinstance(value, str) or not value.strip():
            raise CredentialsError(_("the field “%(field)s” is missing") % {"field": name})
        fields[name] = value.strip()
    if "PRIVATE KEY" not in fields["private_key"]:
        raise CredentialsError(_("the field “private_key” does not hold a private key"))
    if not fields["token_uri"].startswith(("https://", "http://127.", "http://localhost")):
        raise CredentialsError(_("the field “token_uri” must be an https address"))
    return ServiceAccount(
        client_email=fields["client_email"],
        private_key=fields["private_key"],
        private_key_id=str(info.get("private_key_id") or ""),
        token_uri=fields["token_uri"],
    )


def client_for(config: GoogleConfig, **options: Any) -> ApiClient:
    account = config.credentials

    def fetch_token(client: ApiClient) -> Token:
        now = int(time.time())
        claims = {
            "iss": account.client_email,
            "sub": config.admin_email,
            "scope": SCOPE,
            "aud": account.token_uri,
            "iat": now,
            "exp": now + 3600,
        }
        headers = {"kid": account.private_key_id} if account.private_key_id else None
        try:
            assertion = jwt.encode(claims, account.private_key, algorithm="RS256", headers=headers)
        except (ValueError, TypeError, jwt.PyJWTError):
            raise SourceError(_("the private key of the credentials file cannot sign"), kind="auth") from None
        body = client.post_form(
            account.token_uri, {"grant_type": GRANT_TYPE, "assertion": assertion}, what=_("Google's token service")
        )
        if not isinstance(body.get("access_token"), str):
            raise SourceError(_("Google's token service gave no access token"), kind="auth")
        return Token(body["access_token"], client.expiry(body.get("expires_in")))

    return ApiClient("Google Admin SDK", fetch_token, **options)


def collect(config: GoogleConfig, **options: Any) -> Collected:
    url = f"{config.api_url.rstrip('/')}/admin/directory/v1/users"
    params = {"customer": config.customer, "maxResults": PAGE_SIZE, "orderBy": "email", "fields": FIELDS}

    def next_page(body: dict[str, Any]) -> tuple[str, dict] | None:
        token = body.get("nextPageToken")
        return (url, {**params, "pageToken": token}) if isinstance(token, str) and token else None

    with client_for(config, **options) as client:
        collected = Collected(SERVICE, config.customer, [], stats=client.stats)
        users: dict[str, dict[str, Any]] = {}
        for body in client.pages(url, params, next_page):
            page = body.get("users", [])
            if not isinstance(page, list):
                raise SourceError(_("Google answered a page whose “users” is not a list"))
            for user in page:
                if isinstance(user, dict) and user.get("primaryEmail"):
                    users[str(user.get("id") or user["primaryEmail"])] = user
    values = list(users.values())
    if values and not any("lastLoginTime" in user for user in values):
        collected.mark_unknown("last_sign_in", _("the answer has no last login times"))
    if values and not any("isEnrolledIn2Sv" in user for user in values):
        collected.mark_unknown("mfa", _("the answer has no 2-Step Verification status"))
    collected.accounts = [_account(user, collected) for user in values]
    collected.extra["mfa_enforced"] = sum(1 for user in values if user.get("isEnforcedIn2Sv") is True)
    return collected


def _account(user: dict[str, Any], collected: Collected) -> Account:
    sign_in_known = "last_sign_in" not in collected.unknown
    last = parse_timestamp(user.get("lastLoginTime")) if sign_in_known else None
    blocked = user.get("suspended") is True or user.get("archived") is True
    mfa = user.get("isEnrolledIn2Sv")
    name = user.get("name")
    return Account(
        address=str(user["primaryEmail"]).strip().lower(),
        name=str(name.get("fullName") or "") if isinstance(name, dict) else "",
        enabled=not blocked,
        mfa=mfa if isinstance(mfa, bool) else None,
        admin=user.get("isAdmin") is True or user.get("isDelegatedAdmin") is True,
        last_sign_in=last,
        never_signed_in=(last is None) if sign_in_known else None,
        created=parse_timestamp(user.get("creationTime")),
        sources=[SERVICE],
    )


def credentials_json(account: ServiceAccount) -> str:
    """The parts of the key we keep (encrypted) for scheduled collections."""
    return json.dumps(
        {
            "type": "service_account",
            "client_email": account.client_email,
            "private_key": account.private_key,
            "private_key_id": account.private_key_id,
            "token_uri": account.token_uri,
        }
    )
