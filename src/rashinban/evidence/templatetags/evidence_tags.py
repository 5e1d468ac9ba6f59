"""`{% load evidence_tags %}{% selfcheck_evidence diagnosis %}`: the evidence card on the self-check result."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from rashinban.evidence.badges import evidence_rows

register = template.Library()


@register.inclusion_tag("evidence/_selfcheck_evidence.html", takes_context=True)
def selfcheck_evidence(context: dict[str, Any], diagnosis: Any) -> dict[str, Any]:
    request = context["request"]
    rows = evidence_rows(request.org, diagnosis.management_answers or {}, get_language() or "ja")
    return {"rows": rows, "request": request}


@register.inclusion_tag("evidence/_freshness_panel.html", takes_context=True)
def evidence_freshness(context: dict[str, Any]) -> dict[str, Any]:
    """The dashboard's card: how fresh each kind of evidence is (owners and advisors: members see no evidence)."""
    from rashinban.evidence.freshness import freshness_for

    request = context["request"]
    if request.membership.role == "member":
        return {"rows": None, "request": request}
    return {"rows": freshness_for(request.org), "request": request}
