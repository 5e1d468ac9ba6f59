"""`{% security_panel %}`: the dashboard's security card (latest score); one query."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from rashinban.assessments.catalog import localized
from rashinban.assessments.scoring import level_for
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
        level = level_for(latest.overall)
        band = summary.selfcheck_catalog().band(level)
        result = {
            "overall_score": latest.overall,
            "overall_level": level,
            "band_title": localized(band.title, lang) if band else "",
        }
    # What is due lives in the one ranking (the dashboard's "what to do first", the action plan), not here.
    return {"org": org, "latest": latest, "result": result}
