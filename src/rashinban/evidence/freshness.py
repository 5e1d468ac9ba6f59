"""How fresh each kind of evidence is (裏付けの記録の有効期限): a run proves something only for a while.

Defaults (docs/evidence.md), adjustable per company (`EvidenceValidity`):

| check | days | why |
|---|---|---|
| accounts | 30 | people join and leave every month; a connected service is read daily anyway |
| mail-domain | 30 | DNS records change without anyone noticing; remembered domains are re-checked weekly |
| backups | 30 | a backup that stopped a month ago is the usual surprise |
| devices | 90 | a quarterly inventory keeps up with new PCs and end-of-support dates |
| password-policy | 365 | a written policy is reviewed once a year |

A run older than its period no longer backs or contradicts a self-check answer: the badge goes back to "unproven"
(`verdicts.verdicts_for`) and the dashboard and the owner's report show it as expired.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

DEFAULT_VALIDITY_DAYS: dict[str, int] = {
    "accounts": 30,
    "mail-domain": 30,
    "backups": 30,
    "devices": 90,
    "password-policy": 365,
}
FALLBACK_DAYS = 90  # a check added later without its own default
MIN_DAYS, MAX_DAYS = 1, 730
SOON_SHARE = 0.2  # "expires soon" in the last fifth of the period (at least a day)


@dataclass(frozen=True)
class Freshness:
    check_name: str
    title: str  # English msgid
    days: int
    checked_at: datetime | None
    state: str  # "fresh" | "expiring" | "expired" | "missing"
    connected: bool = False  # collected by the worker from a connected service

    @property
    def expires_at(self) -> datetime | None:
        return self.checked_at + timedelta(days=self.days) if self.checked_at else None


def default_days(check_name: str) -> int:
    return DEFAULT_VALIDITY_DAYS.get(check_name, FALLBACK_DAYS)


def state_of(checked_at: datetime | None, days: int, now: datetime) -> str:
    if checked_at is None:
        return "missing"
    age = now - checked_at
    if age > timedelta(days=days):
        return "expired"
    if age > timedelta(days=days) - max(timedelta(days=days * SOON_SHARE), timedelta(days=1)):
        return "expiring"
    return "fresh"


def validity_days(organisation: Any) -> dict[str, int]:
    """Every recorded check's period for this company: its own setting, else the default (one query)."""
    return validity_days_many([organisation.pk])[organisation.pk]


def validity_days_many(organisation_ids: list[int]) -> dict[int, dict[str, int]]:
    """`validity_days` of several companies in one query (verdicts for the ranking and portfolios)."""
    from rashinban.evidence.models import EvidenceValidity
    from rashinban.evidence.registry import all_checks

    own: dict[int, dict[str, int]] = {org_id: {} for org_id in organisation_ids}
    if organisation_ids:
        rows = EvidenceValidity.objects.filter(organisation_id__in=organisation_ids)
        for org_id, check_name, days in rows.values_list("organisation_id", "check_name", "days"):
            own[org_id][check_name] = days
    names = [check.name for check in all_checks() if check.record]
    return {org_id: {name: mine.get(name, default_days(name)) for name in names} for org_id, mine in own.items()}


def freshness_for(organisation: Any, now: datetime | None = None) -> list[Freshness]:
    """One row per recorded check, in the overview's order (three queries, whatever the history)."""
    from django.db.models import Max
    from django.utils import timezone

    from rashinban.evidence.models import CheckRun, SourceConnection
    from rashinban.evidence.registry import all_checks
    from rashinban.orgs.tenancy import scoped

    now = now or timezone.now()
    days = validity_days(organisation)
    latest = dict(
        scoped(CheckRun.objects.filter(created_at__lte=now), organisation)
        .values_list("check_name")
        .annotate(last=Max("created_at"))
    )
    services = set(scoped(SourceConnection.objects.all(), organisation).values_list("service", flat=True))
    # Accounts come from either service; devices only from Microsoft 365 (Intune).
    collected = {"accounts"} if services else set()
    if "microsoft365" in services:
        collected.add("devices")
    rows = []
    for check in all_checks():
        if not check.record:
            continue
        checked_at = latest.get(check.name)
        rows.append(
            Freshness(
                check.name,
                check.title,
                days[check.name],
                checked_at,
                state_of(checked_at, days[check.name], now),
                check.name in collected,
            )
        )
    return rows


def set_validity(organisation: Any, check_name: str, days: int | None) -> None:
    """A company's own period for one check; None (or the default) goes back to the default."""
    from rashinban.evidence.models import EvidenceValidity

    if days is None or days == default_days(check_name):
        EvidenceValidity.objects.filter(organisation=organisation, check_name=check_name).delete()
        return
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ValueError(f"days must be {MIN_DAYS}..{MAX_DAYS}")
    EvidenceValidity.objects.update_or_create(organisation=organisation, check_name=check_name, defaults={"days": days})
