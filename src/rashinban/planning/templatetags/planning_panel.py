"""`{% planning_panel %}`: the plan's dashboard panel, so the shared dashboard needs one include and no view change."""

from __future__ import annotations

from django import template
from django.utils import timezone

from rashinban.planning.summary import panel_context

register = template.Library()


@register.inclusion_tag("planning/_panel.html", takes_context=True)
def planning_panel(context: template.Context) -> dict:
    request = context["request"]
    org = request.org
    data = panel_context(org, timezone.localdate())
    data.update({"org": org, "request": request})
    return data
