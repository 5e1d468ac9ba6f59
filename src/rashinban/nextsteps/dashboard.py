"""The dashboard's lead: where the company stands and what to do first, from the one ranking (a fixed number
of queries: the ranking (kept, or gathered again) and the newest self-check's score)."""

from __future__ import annotations

from django.utils.translation import get_language

from rashinban.nextsteps import display, plan_for
from rashinban.nextsteps.plan import FIRST
from rashinban.orgs.models import Organisation, User


def first_steps_context(organisation: Organisation, user: User) -> dict:
    from rashinban.assessments.scoring import level_for
    from rashinban.security import summary

    lang = get_language() or "ja"
    plan = plan_for(organisation)
    # Its score, date and link only: not the answers, which the security page reads.
    selfcheck = summary.latest_selfcheck(organisation, only=("id", "completed_at", "management_scores"))
    security = None
    if selfcheck is not None and selfcheck.overall is not None:
        security = {"score": selfcheck.overall, "level": level_for(selfcheck.overall), "round": selfcheck}
    return {
        "plan": plan,
        "first_steps": display.rows(plan, organisation.pk, plan.first(FIRST), lang),
        "open_steps": len(plan.steps),
        "overdue_steps": len(plan.overdue()),
        "my_week": len(plan.this_week(user.pk)),
        "staff_gaps": len(plan.staff_gaps()),
        "security": security,
    }
