"""The roadmap generated from the latest DX diagnosis and the security action plan, re-generated without
losing edits: a line someone edited keeps its title, phase, dates, effort and notes; only its rank moves."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from rashinban.assessments.actions import DEFAULT_CATALOG, catalog_for
from rashinban.assessments.catalog import get_catalog, localized
from rashinban.assessments.models import Diagnosis
from rashinban.orgs.models import Organisation
from rashinban.orgs.tenancy import scoped
from rashinban.planning.actions import add_months
from rashinban.planning.models import RoadmapItem, Source
from rashinban.planning.roadmap import PHASE_MONTHS, Candidate, rank_and_phase

# A pattern scoring this much or more needs no roadmap line (the "low risk" band of the diagnosis).
GOOD_ENOUGH = 75
# Effort of a security action by the drill step it belongs to: 1 know your weak points, 2 basic defence,
# 3 be prepared (backups, incident plan), 4 people (training, policy), 5 tools (EDR, outside services).
EFFORT_BY_STEP = {1: 1, 2: 2, 3: 3, 4: 2, 5: 4}


def diagnosis_candidates(organisation: Organisation, lang: str) -> list[Candidate]:
    """One candidate per first step of each weak failure pattern of the latest DX diagnosis.

    Risk reduction is the pattern's distance from 100; the steps of a pattern are written in the order to
    take them, so the n-th step counts as effort n (small first moves, bigger ones later).
    """
    latest = (
        scoped(Diagnosis.objects.select_related("custom_catalog"), organisation)
        .filter(completed_at__isnull=False, catalog_id=DEFAULT_CATALOG)
        .order_by("-completed_at", "-id")
        .first()
    )
    if latest is None:
        return []
    catalog = catalog_for(latest)
    scores = latest.management_scores.get("sections", {})
    candidates = []
    for section in catalog.sections:
        score = scores.get(section.id)
        if score is None or score >= GOOD_ENOUGH:
            continue
        title = localized(section.title, lang)
        for index, step in enumerate(section.steps, start=1):
            candidates.append(
                Candidate(
                    key=f"dx:{section.id}:{index}",
                    source=Source.DIAGNOSIS,
                    title=localized(step.text, lang),
                    detail=title,
                    risk_reduction=100 - score,
                    effort=min(5, index),
                )
            )
    return candidates


def _security_text(item: Any, lang: str) -> str:
    if item.instruction:
        return item.instruction
    try:
        question = get_catalog(item.source_catalog).question(item.source_question)
    except Exception:  # a bank that is not installed any more
        question = None
    action = getattr(question, "action", None) if question else None
    if action:
        return localized(action, lang)
    try:
        from rashinban.security.plan import dx_links  # type: ignore[import-not-found]

        link = dx_links().get(item.source_question)
        if link is not None and link.action:
            return localized(link.action, lang)
    except ImportError:
        pass
    return localized(question.text, lang) if question else item.source_question


def security_candidates(organisation: Organisation, lang: str, today: date) -> list[Candidate]:
    """Open items of the security action plan; risk scaled so the riskiest is 100; its due date is kept."""
    try:
        from rashinban.security.summary import open_actions  # type: ignore[import-not-found]
    except ImportError:
        return []
    items = list(open_actions(organisation))
    if not items:
        return []
    top = max(item.risk for item in items) or 1
    candidates = []
    for item in items:
        due_months = None
        if item.due is not None:
            due_months = max(0, (item.due.year - today.year) * 12 + item.due.month - today.month)
        candidates.append(
            Candidate(
                key=f"sec:{item.source_catalog}:{item.source_question}",
                source=Source.SECURITY,
                title=_security_text(item, lang)[:200],
                detail="",
                risk_reduction=round(100 * item.risk / top),
                effort=EFFORT_BY_STEP.get(item.step, 3),
                due_months=due_months,
            )
        )
    return candidates


def phase_dates(phase: int, today: date) -> tuple[date, date]:
    start, end = PHASE_MONTHS[phase]
    return add_months(today, start), add_months(today, end)


@transaction.atomic
def regenerate_roadmap(organisation: Organisation, lang: str, today: date) -> dict[str, int]:
    """Add new lines, refresh untouched ones, keep edited and done ones, drop untouched lines no longer needed."""
    candidates = diagnosis_candidates(organisation, lang) + security_candidates(organisation, lang, today)
    existing = {
        item.key: item for item in scoped(RoadmapItem.objects.all(), organisation).exclude(source=Source.MANUAL)
    }
    counts = {"added": 0, "updated": 0, "kept": 0, "removed": 0}
    for placed in rank_and_phase(candidates):
        c = placed.candidate
        starts_on, due_on = phase_dates(placed.phase, today)
        if c.due_months is not None and c.due_months <= PHASE_MONTHS[placed.phase][1]:
            due_on = max(starts_on, add_months(today, c.due_months))
        item = existing.pop(c.key, None)
        if item is None:
            RoadmapItem.objects.create(
                organisation=organisation,
                source=c.source,
                key=c.key,
                title=c.title,
                detail=c.detail,
                phase=placed.phase,
                starts_on=starts_on,
                due_on=due_on,
                effort=c.effort,
                risk_reduction=c.risk_reduction,
                rank=placed.rank,
            )
            counts["added"] += 1
        elif item.edited or item.done:
            item.rank, item.risk_reduction = placed.rank, c.risk_reduction
            item.save(update_fields=["rank", "risk_reduction"])
            counts["kept"] += 1
        else:
            item.title, item.detail, item.phase, item.effort = c.title, c.detail, placed.phase, c.effort
            item.starts_on, item.due_on, item.rank, item.risk_reduction = (
                starts_on,
                due_on,
                placed.rank,
                c.risk_reduction,
            )
            item.save()
            counts["updated"] += 1
    for item in existing.values():
        if item.edited or item.done:
            counts["kept"] += 1
        else:
            item.delete()
            counts["removed"] += 1
    return counts
