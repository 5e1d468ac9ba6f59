"""`{% landscape_panel %}`: the systems map's box on the company dashboard (owners and advisors)."""

from __future__ import annotations

from django import template

from rashinban.landscape import summary

register = template.Library()


@register.inclusion_tag("landscape/_panel_body.html", takes_context=True)
def landscape_panel(context: template.Context) -> dict:
    request = context["request"]
    membership = getattr(request, "membership", None)
    if membership is None or membership.role == "member":
        return {"show": False}
    result = summary.analysis(request.org)
    return {
        "show": True,
        "request": request,
        "analysis": result,
        "top": result.sorted_findings()[:3],
    }
