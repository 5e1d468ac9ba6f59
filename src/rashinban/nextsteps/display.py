"""The ranked steps as every web page and mail shows them: one row per step with its words, date, person and
a link to where it is done. Pages never rank, filter by their own rule or date anything themselves: they take
`rows(...)` of a `Plan` (or of a part of its steps, in the plan's order) and the template
`nextsteps/_steps.html`. One query at most (the security plan items the links point to), whatever the size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from rashinban.config.links import link
from rashinban.nextsteps.model import (
    DOCUMENTS,
    DX_DIAGNOSIS,
    EVIDENCE,
    FRAMEWORK,
    MOVED,
    PLAN,
    SECURITY_CHECK,
    STAFF_SURVEY,
    Step,
)
from rashinban.nextsteps.plan import STAGES, Plan

SOURCE_LABELS = {
    SECURITY_CHECK: _("Security self-check"),
    EVIDENCE: _("Evidence"),
    DX_DIAGNOSIS: _("DX diagnosis"),
    STAFF_SURVEY: _("Staff survey"),
    DOCUMENTS: _("Documents"),
    PLAN: _("Plan"),
    FRAMEWORK: _("Customer requirements"),
}
ROLE_LABELS = {"owner": _("Owner"), "member": _("Staff"), "advisor": _("Advisor")}
STAGE_LABELS = {1: _("0–3 months"), 2: _("3–12 months"), 3: _("12–36 months")}


@dataclass(frozen=True)
class Row:
    rank: int
    id: str
    title: str
    reasons: list[str]
    due: date
    overdue: bool
    moved: bool
    who: str
    role: str
    sources: list[str]
    staff_gap: bool
    stage: int
    url: str
    assignee: int | None

    @property
    def why(self) -> str:
        """The first reason: what a one-line list shows."""
        return self.reasons[0] if self.reasons else ""


def _url(org_id: int, ref: tuple[str, str], items: dict[str, int]) -> str:
    kind, key = ref
    try:
        if kind == "security":
            if key in items:
                return link("security:item", org_id, items[key])
            return link("security:home", org_id)
        if kind == "selfcheck":
            return link("security:home", org_id)
        if kind in ("diagnosis", "dx"):
            return link("assessments:list", org_id)
        if kind == "document":
            return link("documents:index", org_id)
        if kind == "evidence" and key:
            return link("evidence:check", org_id, key)
        if kind == "gate" or kind == "initiative":
            return link("planning:home", org_id)
        if kind == "framework" and ":" in key:
            return link("frameworks:detail", org_id, key.split(":", 1)[0])
        if kind == "kpi" and key.isdigit():
            return link("planning:target", org_id, int(key))
    except NoReverseMatch:
        pass
    return ""


def rows(plan: Plan, org_id: int, steps: Sequence[Step] | None = None, lang: str | None = None) -> list[Row]:
    """Display rows of `steps` (default: every step of the plan), in the order given (the plan's)."""
    chosen = plan.steps if steps is None else steps
    lang = lang or plan.language
    items = plan.security_items
    return [
        Row(
            rank=step.rank,
            id=step.id,
            title=step.title_in(lang),
            reasons=step.reasons_in(lang),
            due=step.due,
            overdue=step.is_overdue(plan.today),
            moved=step.due_kind == MOVED,
            who=plan.name_of(step),
            role=str(ROLE_LABELS.get(step.assignee_role, step.assignee_role)),
            sources=[str(SOURCE_LABELS.get(source, source)) for source in step.sources],
            staff_gap=step.staff_gap,
            stage=plan.stage(step),
            url=_url(org_id, step.ref, items),
            assignee=step.assignee,
        )
        for step in chosen
    ]


def by_stage(plan: Plan, org_id: int, lang: str | None = None) -> list[tuple[int, str, list[Row]]]:
    """The roadmap: every step once, in the stage its due date falls in (plan.stage_of), in rank order."""
    all_rows = rows(plan, org_id, lang=lang)
    return [(stage, str(STAGE_LABELS[stage]), [r for r in all_rows if r.stage == stage]) for stage in STAGES]


def from_sources(organisation, *sources: str, limit: int | None = None, lang: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    """Context for a result page: the ranking's steps that come from `sources`, in the ranking's order and with
    its dates (at most `limit`), and how many steps the whole plan has."""
    from rashinban.nextsteps import plan_for

    plan = plan_for(organisation)
    chosen = plan.with_source(*sources)
    return {
        "ranked_steps": rows(plan, organisation.pk, chosen[:limit] if limit else chosen, lang),
        "ranked_more": max(0, len(chosen) - limit) if limit else 0,
        "ranked_total": len(plan.steps),
    }
