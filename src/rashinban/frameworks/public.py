"""What the company's public page shows (公開ページ), computed from its records. Only what a customer may see:
levels as self-assessed, dates, a contact. Never a finding, a missing requirement, a person's name or a score
an attacker could read weak points from."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.utils import timezone

from rashinban.frameworks.gather import company_state
from rashinban.frameworks.library import builtin_frameworks
from rashinban.frameworks.readiness import readiness


def new_token() -> tuple[str, str]:
    """(token for the link, its hash to store)."""
    raw = secrets.token_urlsafe(24)
    return raw, token_hash(raw)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class PublicFacts:
    company: str
    security_action: str  # "", "★" or "★★": the highest level ready, as self-assessed
    meti: list[tuple[str, bool]]  # ("★3", ready), ("★4", ready)
    policy_published: object
    evidence: list[tuple[str, object]]  # (what, last date)
    contact: str


def public_facts(organisation, contact: str, lang: str = "ja") -> PublicFacts:  # type: ignore[no-untyped-def]
    from rashinban.frameworks.items import item_title

    state = company_state(organisation)
    library = builtin_frameworks()
    sa = readiness(library["security-action"], state)
    level = ""
    for lv in sa.levels:
        if lv.ready:
            level = lv.level
    meti = [
        (star, readiness(library[fid], state).ready)
        for star, fid in (("★3", "meti-supply-chain-3"), ("★4", "meti-supply-chain-4"))
    ]
    policy = state.documents.get("policy")
    evidence = [
        (item_title(f"check:{name}", lang), timezone.localtime(run.checked_at).date())
        for name, run in sorted(state.checks.items())
    ]
    return PublicFacts(
        organisation.name,
        level,
        meti,
        timezone.localtime(policy).date() if policy else None,
        evidence,
        contact,
    )
