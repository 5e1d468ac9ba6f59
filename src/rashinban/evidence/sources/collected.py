"""What a collector brings back, in the rows the export files give (`Account`, `Device`), and what it could not see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from rashinban.evidence.account_exports import Account
from rashinban.evidence.checks.devices import Device
from rashinban.evidence.sources.http import Stats

# Properties a tenant's licence or the app's permissions may withhold; each becomes "unknown", never "no".
UNKNOWABLE = ("last_sign_in", "mfa", "admin", "devices")


@dataclass
class Collected:
    service: str  # "microsoft365" | "google-workspace"
    tenant: str  # the tenant id or the customer id: which directory was read (not a secret)
    accounts: list[Account]
    devices: list[Device] | None = None  # None: not collected (no Intune, no permission, Google)
    unknown: list[str] = field(default_factory=list)  # of UNKNOWABLE
    reasons: dict[str, str] = field(default_factory=dict)  # unknown property -> the service's own words
    stats: Stats = field(default_factory=Stats)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. {"mfa_enforced": 12} from Google
    collected_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def mark_unknown(self, prop: str, reason: str) -> None:
        if prop not in self.unknown:
            self.unknown.append(prop)
        self.reasons[prop] = reason[:300]

    def source_json(self) -> dict[str, Any]:
        """The `"source"` object of the JSON: which service, when, how much, what it could not see."""
        return {
            "service": self.service,
            "tenant": self.tenant,
            "collected_at": self.collected_at.isoformat(timespec="seconds"),
            "users": len(self.accounts),
            "devices": None if self.devices is None else len(self.devices),
            "unknown": sorted(self.unknown),
            "reasons": dict(sorted(self.reasons.items())),
            **self.extra,
            **self.stats.as_json(),
        }


def parse_timestamp(value: Any) -> date | None:
    """'2026-11-20T09:00:00Z' (Graph, Google) as a date; None for null, empty or the epoch (Google's "never")."""
    if not value or not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return None if moment.year <= 1970 else moment.date()
