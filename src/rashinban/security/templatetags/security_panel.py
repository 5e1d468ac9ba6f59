"""`{% security_panel %}`: the dashboard's security card (latest score, due and overdue items); two queries."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from rashinban.assessments.catalog import localized
from rashinban.security import summary

register = template.Library()


@register.inclusion_tag("security/_panel_body.html", takes_context=True)
def security_panel(context: template.Context) -> dict:
    org = context["request"].org
    lang = get_language() or "ja"
    latest = summary.latest_selfcheck(org)
    result = None
    if latest is not None and latest.overall is not None:
        # From the scores cached when the answers were saved: no re-scoring on the dashboard.
        level = summary.cached_level(latest)
        band = summary.selfcheck_catalog().band(level)
        result = {
            "overall_score": latest.overall,
            "overall_level": level,
            "band_title": localized(band.title, lang) if band else "",
        }
    today = timezone.localdate()
    due = summary.due_actions(org, today, within=7)[:8]
    for item in due:
        item.instruction_text = summary.action_instruction(item, lang)  # type: ignore[attr-defined]
        item.overdue = item.is_overdue(today)  # type: ignore[attr-defined]
    return {"org": org, "latest": latest, "result": result, "due": due}
