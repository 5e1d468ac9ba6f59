"""The dashboard panel of the security documents, loaded by the panel template itself (no view change)."""

from __future__ import annotations

from django import template

from rashinban.documents.summary import panel_context

register = template.Library()


@register.inclusion_tag("documents/_panel_body.html", takes_context=True)
def documents_panel(context: template.Context) -> dict:
    request = context["request"]
    return {"request": request, **panel_context(request.org, request.membership)}
