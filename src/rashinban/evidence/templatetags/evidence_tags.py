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
