"""What the latest evidence says about self-check answers: "backed by evidence" or "contradicted by evidence of DATE".

The security self-check result page and the action plan call `verdicts_for(organisation)`; the evidence
checks decide which self-check question each of their findings speaks to (`Check.questions` in
`evidence/registry.py`). Question ids are those of the `security-selfcheck` catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Verdict:
    question_id: str
    status: str  # "backed" | "contradicted" | "expired" (the only evidence is older than its validity period)
    checked_at: datetime  # when the check run that decides it was made (UTC)
    check: str  # check name, e.g. "accounts"
    finding_ids: tuple[str, ...] = ()  # the findings that contradict the answer (empty when backed)


def verdicts_for(organisation: Any, now: datetime | None = None) -> dict[str, Verdict]:
    """Per self-check question id, what the latest run of each check says (three queries, whatever the history).

    "contradicted" when a check that speaks to the question has a finding (medium or worse) mapped to it,
    "backed" when those checks ran and found nothing against it, "expired" when the only runs that speak to it
    are older than their validity period (`freshness.py`): the answer is unproven again. Questions no check
    speaks to are absent.
    """
    return verdicts_for_many([organisation.pk], now=now).get(organisation.pk, {})


def verdicts_for_many(organisation_ids: list[int], now: datetime | None = None) -> dict[int, dict[str, Verdict]]:
    """`verdicts_for` of several companies in the same number of queries (the ranking of next steps, portfolios)."""
    from django.utils import timezone

    from rashinban.evidence.findings import RANK
    from rashinban.evidence.freshness import validity_days_many
    from rashinban.evidence.registry import all_checks

    checks = {check.name: check for check in all_checks() if check.questions}
    runs_by_org: dict[int, list[Any]] = {}
    for run in _latest_runs(organisation_ids, checks):
        runs_by_org.setdefault(run.organisation_id, []).append(run)
    days = validity_days_many(list(runs_by_org))
    moment = now or timezone.now()
    return {org_id: _verdicts(runs, checks, RANK, days[org_id], moment) for org_id, runs in runs_by_org.items()}


def _verdicts(
    runs: list[Any], checks: dict[str, Any], rank: dict[str, int], days: dict[str, int], now: datetime
) -> dict[str, Verdict]:
    from rashinban.evidence.freshness import FALLBACK_DAYS, state_of

    contradicting: dict[str, list[tuple[datetime, str, str]]] = {}
    backing: dict[str, list[tuple[datetime, str]]] = {}
    expired: dict[str, list[tuple[datetime, str]]] = {}
    for run in runs:
        check = checks[run.check_name]
        if any(f["id"] in check.inconclusive for f in run.findings):
            continue
        if state_of(run.created_at, days.get(run.check_name, FALLBACK_DAYS), now) == "expired":
            for question_id in check.questions:
                expired.setdefault(question_id, []).append((run.created_at, run.check_name))
            continue
        bad = {f["id"] for f in run.findings if rank.get(f.get("severity", ""), 0) >= rank["medium"]}
        for question_id, finding_ids in check.questions.items():
            against = sorted(bad & set(finding_ids))
            for finding_id in against:
                contradicting.setdefault(question_id, []).append((run.created_at, run.check_name, finding_id))
            if not against:
                backing.setdefault(question_id, []).append((run.created_at, run.check_name))
    verdicts = {}
    for question_id in set(expired) - set(contradicting) - set(backing):
        when, check_name = max(expired[question_id])
        verdicts[question_id] = Verdict(question_id, "expired", when, check_name)
    for question_id in set(contradicting) | set(backing):
        if question_id in contradicting:
            entries = contradicting[question_id]
            when, check_name, _finding = max(entries)
            finding_ids = tuple(sorted({finding for _when, _check, finding in entries}))
            verdicts[question_id] = Verdict(question_id, "contradicted", when, check_name, finding_ids)
        else:
            when, check_name = max(backing[question_id])
            verdicts[question_id] = Verdict(question_id, "backed", when, check_name)
    return verdicts


def _latest_runs(organisation_ids: list[int], checks: dict[str, Any]) -> list[Any]:
    """The newest run of each check per company and subject; for checks that remember subjects, current ones only."""
    from django.db.models import Max

    from rashinban.evidence.models import CheckRun, MailDomain

    runs = CheckRun.objects.filter(organisation_id__in=organisation_ids, check_name__in=list(checks))
    latest_ids = (
        runs.values("organisation_id", "check_name", "subject").annotate(last=Max("id")).values_list("last", flat=True)
    )
    watched: set[tuple[int, str]] | None = None
    latest = []
    for run in runs.filter(id__in=list(latest_ids)).order_by():
        if checks[run.check_name].remembers_subject:
            if watched is None:
                watched = set(
                    MailDomain.objects.filter(organisation_id__in=organisation_ids).values_list(
                        "organisation_id", "domain"
                    )
                )
            if (run.organisation_id, run.subject) not in watched:
                continue
        latest.append(run)
    return latest
