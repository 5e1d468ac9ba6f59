"""Microsoft 365 through Microsoft Graph with an app registration (client credentials; docs/evidence.md).

Reads, page by page (`@odata.nextLink`):
- `GET /v1.0/users` — enabled, created, and `signInActivity` where the tenant has Entra ID P1/P2 (else Graph answers
  403 `Authentication_RequestFromNonPremiumTenantOrB2CTenant`: the users are read again without it and the last
  sign-in is *unknown*, never "never signed in");
- `GET /v1.0/directoryRoles` and each role's members — who holds an administrator role;
- `GET /v1.0/reports/authenticationMethods/userRegistrationDetails` — MFA registration (`isMfaRegistered`) and
  `isAdmin`; refused without the licence or permission, MFA is then unknown;
- `GET /v1.0/deviceManagement/managedDevices` — Intune devices, when the tenant has Intune.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from rashinban.evidence.account_exports import Account
from rashinban.evidence.checks.devices import Device
from rashinban.evidence.checks.eol import parse_os
from rashinban.evidence.sources.collected import Collected, parse_timestamp
from rashinban.evidence.sources.http import ApiClient, SourceError, Token
from rashinban.evidence.text import _

SERVICE = "microsoft365"
GRAPH_URL = "https://graph.microsoft.com"
LOGIN_URL = "https://login.microsoftonline.com"
SCOPE = "https://graph.microsoft.com/.default"
USER_FIELDS = "id,userPrincipalName,displayName,accountEnabled,createdDateTime"
DEVICE_FIELDS = "id,deviceName,operatingSystem,osVersion,isEncrypted,managedDeviceOwnerType,userPrincipalName"
PAGE_SIZE = "999"  # Graph's most for users
# Windows builds as Intune reports them (osVersion "10.0.22631.4602") -> the name the end-of-life table knows.
# Source: Microsoft's Windows release information pages (build numbers of each feature update).
WINDOWS_BUILDS = {
    "19041": "10 2004",
    "19042": "10 20H2",
    "19043": "10 21H1",
    "19044": "10 21H2",
    "19045": "10 22H2",
    "22000": "11 21H2",
    "22621": "11 22H2",
    "22631": "11 23H2",
    "26100": "11 24H2",
    "26200": "11 25H2",
    "7601": "7",
    "9600": "8.1",
}


@dataclass(frozen=True)
class Microsoft365Config:
    tenant_id: str
    client_id: str
    client_secret: str
    graph_url: str = GRAPH_URL
    login_url: str = LOGIN_URL

    def __repr__(self) -> str:  # never the secret, whatever prints the config
        return f"Microsoft365Config(tenant_id={self.tenant_id!r}, client_id={self.client_id!r})"


def client_for(config: Microsoft365Config, **options: Any) -> ApiClient:
    token_url = f"{config.login_url.rstrip('/')}/{quote(config.tenant_id, safe='')}/oauth2/v2.0/token"

    def fetch_token(client: ApiClient) -> Token:
        body = client.post_form(
            token_url,
            {
                "grant_type": "client_credentials",
                "client_id": config.client_id,
                "client_secret": config.client_secret,
                "scope": SCOPE,
            },
            what=_("Microsoft's sign-in service"),
        )
        if not isinstance(body.get("access_token"), str):
            raise SourceError(_("Microsoft's sign-in service gave no access token"), kind="auth")
        return Token(body["access_token"], client.expiry(body.get("expires_in")))

    return ApiClient("Microsoft Graph", fetch_token, **options)


def collect(config: Microsoft365Config, *, devices: bool = True, **options: Any) -> Collected:
    """Every user with what the tenant allows us to see; raises SourceError when the users cannot be read."""
    graph = f"{config.graph_url.rstrip('/')}/v1.0"
    with client_for(config, **options) as client:
        collected = Collected(SERVICE, config.tenant_id, [], stats=client.stats)
        users = _users(client, graph, collected)
        admins = _role_members(client, graph, collected)
        registration = _registration(client, graph, collected)
        collected.accounts = [_account(user, admins, registration, collected) for user in users.values()]
        if devices:
            collected.devices = _devices(client, graph, collected)
    return collected


def next_link(body: dict[str, Any]) -> tuple[str, dict] | None:
    link = body.get("@odata.nextLink")
    return (link, {}) if isinstance(link, str) and link else None


def _values(body: dict[str, Any]) -> list[dict[str, Any]]:
    value = body.get("value")
    if not isinstance(value, list):
        raise SourceError(_("Microsoft Graph answered a page without a “value” list"))
    return [item for item in value if isinstance(item, dict)]


def _users(client: ApiClient, graph: str, collected: Collected) -> dict[str, dict[str, Any]]:
    """Users by id (a user seen twice, as after a retried page, is kept once)."""
    params = {"$select": f"{USER_FIELDS},signInActivity", "$top": PAGE_SIZE}
    try:
        return _user_pages(client, graph, params)
    except SourceError as error:
        if error.status != 403:
            raise
        collected.mark_unknown("last_sign_in", error.message)
    return _user_pages(client, graph, {"$select": USER_FIELDS, "$top": PAGE_SIZE})


def _user_pages(client: ApiClient, graph: str, params: dict[str, str]) -> dict[str, dict[str, Any]]:
    users: dict[str, dict[str, Any]] = {}
    for body in client.pages(f"{graph}/users", params, next_link):
        for user in _values(body):
            if user.get("id") and user.get("userPrincipalName"):
                users[str(user["id"])] = user
    return users


def _optional(client: ApiClient, collected: Collected, prop: str, url: str, params: dict[str, str] | None) -> list:
    """Every item of a listing the licence or consent may refuse (403, or 400 on a tenant without Intune)."""
    items: list[dict[str, Any]] = []
    try:
        for body in client.pages(url, params, next_link):
            items.extend(_values(body))
    except SourceError as error:
        if error.status not in (400, 403, 404):
            raise
        collected.mark_unknown(prop, error.message)
        return []
    return items


def _role_members(client: ApiClient, graph: str, collected: Collected) -> set[str] | None:
    roles = _optional(client, collected, "admin", f"{graph}/directoryRoles", {"$select": "id,displayName"})
    if "admin" in collected.unknown:
        return None
    members: set[str] = set()
    for role in roles:
        url = f"{graph}/directoryRoles/{quote(str(role.get('id', '')), safe='')}/members"
        for member in _optional(client, collected, "admin", url, {"$select": "id"}):
            members.add(str(member.get("id")))
    return None if "admin" in collected.unknown else members


def _registration(client: ApiClient, graph: str, collected: Collected) -> dict[str, dict[str, Any]]:
    url = f"{graph}/reports/authenticationMethods/userRegistrationDetails"
    return {str(row.get("id")): row for row in _optional(client, collected, "mfa", url, None)}


def _account(
    user: dict[str, Any], admins: set[str] | None, registration: dict[str, dict[str, Any]], collected: Collected
) -> Account:
    details = registration.get(str(user["id"]))
    mfa = details.get("isMfaRegistered") if details else None
    admin = None if admins is None else str(user["id"]) in admins
    if details and isinstance(details.get("isAdmin"), bool):
        admin = bool(admin) or details["isAdmin"]
    sign_in_known = "last_sign_in" not in collected.unknown
    last = _last_sign_in(user.get("signInActivity")) if sign_in_known else None
    return Account(
        address=str(user["userPrincipalName"]).strip().lower(),
        name=str(user.get("displayName") or ""),
        enabled=user.get("accountEnabled") if isinstance(user.get("accountEnabled"), bool) else None,
        mfa=mfa if isinstance(mfa, bool) else None,
        admin=admin,
        last_sign_in=last,
        never_signed_in=(last is None) if sign_in_known else None,
        created=parse_timestamp(user.get("createdDateTime")),
        sources=[SERVICE],
    )


def _last_sign_in(activity: Any) -> date | None:
    if not isinstance(activity, dict):
        return None
    keys = ("lastSignInDateTime", "lastNonInteractiveSignInDateTime", "lastSuccessfulSignInDateTime")
    dates = [d for d in (parse_timestamp(activity.get(key)) for key in keys) if d]
    return max(dates) if dates else None


def _devices(client: ApiClient, graph: str, collected: Collected) -> list[Device] | None:
    url = f"{graph}/deviceManagement/managedDevices"
    items = _optional(client, collected, "devices", url, {"$select": DEVICE_FIELDS})
    if "devices" in collected.unknown:
        return None
    seen: dict[str, dict[str, Any]] = {str(item.get("id")): item for item in items}
    return [intune_device(item, row) for row, item in enumerate(seen.values(), start=1)]


def intune_device(item: dict[str, Any], row: int) -> Device:
    """An Intune managed device as the devices check's row. Intune says nothing of updates or anti-malware here:
    those stay unknown (the check reports them as blank, never as "off")."""
    os_name = str(item.get("operatingSystem") or "")
    version = str(item.get("osVersion") or "")
    if os_name.lower().startswith("windows"):
        parts = version.split(".")
        build = parts[2] if len(parts) > 2 else ""
        version = WINDOWS_BUILDS.get(build, version)
    os_text = f"{os_name} {version}".strip()
    family = os_name.lower()
    kind = "mobile" if family in {"ios", "ipados", "android"} else "pc"
    owner_type = str(item.get("managedDeviceOwnerType") or "").lower()
    encrypted = item.get("isEncrypted")
    return Device(
        name=str(item.get("deviceName") or item.get("id") or row),
        row=row,
        kind=kind,
        os_text=os_text,
        os=parse_os(os_name, version),
        auto_update=None,
        antimalware=None,
        encryption=encrypted if isinstance(encrypted, bool) else None,
        private={"personal": True, "company": False}.get(owner_type),
        owner=str(item.get("userPrincipalName") or ""),
    )
