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
    from django.utils import timezone

    from rashinban.evidence.findings import RANK
    from rashinban.evidence.freshness import state_of, validity_days
    from rashinban.evidence.registry import all_checks

    now = now or timezone.now()
    contradicting: dict[str, list[tuple[datetime, str, str]]] = {}
    backing: dict[str, list[tuple[datetime, str]]] = {}
    expired: dict[str, list[tuple[datetime, str]]] = {}
    checks = {check.name: check for check in all_checks() if check.questions}
    days = validity_days(organisation)
    for run in _latest_runs(organisation, checks):
        check = checks[run.check_name]
        if any(f["id"] in check.inconclusive for f in run.findings):
            continue
        if state_of(run.created_at, days.get(run.check_name, 0), now) == "expired":
            for question_id in check.questions:
                expired.setdefault(question_id, []).append((run.created_at, run.check_name))
            continue
        bad = {f["id"] for f in run.findings if RANK.get(f.get("severity", ""), 0) >= RANK["medium"]}
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


def _latest_runs(organisation: Any, checks: dict[str, Any]) -> list[Any]:
    """The newest run of each check per subject; for checks that remember subjects, current subjects only."""
    from django.db.models import Max

    from rashinban.evidence.models import CheckRun, MailDomain
    from rashinban.orgs.tenancy import scoped

    runs = scoped(CheckRun.objects.all(), organisation).filter(check_name__in=list(checks))
    latest_ids = runs.values("check_name", "subject").annotate(last=Max("id")).values_list("last", flat=True)
    watched = None
    latest = []
    for run in runs.filter(id__in=list(latest_ids)).order_by():
        if checks[run.check_name].remembers_subject:
            if watched is None:
                watched = set(scoped(MailDomain.objects.all(), organisation).values_list("domain", flat=True))
            if run.subject not in watched:
                continue
        latest.append(run)
    return latest
