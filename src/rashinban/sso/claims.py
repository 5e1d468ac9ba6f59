"""What an ID token's claims mean for us (pure: no Django model).

- the tenant: Entra ID's `tid`, Google's `hd` (the Workspace domain; absent for a personal Gmail account);
- MFA: only when the token proves it, by `amr` containing "mfa" (RFC 8176; Entra ID sends it after a second
  factor). Google sends no `amr`, so owners and advisors signing in with Google are asked for our own code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

TENANT_CLAIM = {"microsoft": "tid", "google": "hd"}
# An Entra ID tenant (or application) id, and a domain name: what an owner may type as "our tenant or domain".
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-zA-Z0-9-]{1,63}\.)+[a-zA-Z]{2,63}$")


def tenant_of(provider: str, claims: Mapping[str, Any]) -> str:
    value = claims.get(TENANT_CLAIM[provider])
    return value.strip().lower() if isinstance(value, str) else ""


def allowed_by(provider: str, claims: Mapping[str, Any], allowed: Iterable[str]) -> bool:
    """Whether a company that allows only `allowed` (tenant ids or domains) lets this token in."""
    tenant = tenant_of(provider, claims)
    return bool(tenant) and tenant in {value.strip().lower() for value in allowed}


def proves_mfa(claims: Mapping[str, Any]) -> bool:
    amr = claims.get("amr")
    return isinstance(amr, list) and "mfa" in amr
