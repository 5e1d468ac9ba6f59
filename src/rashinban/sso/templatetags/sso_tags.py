"""`{% load sso_tags %}{% sso_buttons %}` on the sign-in page, `{% sso_links %}` on the account page."""

from __future__ import annotations

from typing import Any

from django import template

from rashinban.sso import client as clients
from rashinban.sso.views import TITLES

register = template.Library()


@register.inclusion_tag("sso/_buttons.html", takes_context=True)
def sso_buttons(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    providers = [{"id": p, "title": TITLES[p]} for p in clients.configured()]
    return {"providers": providers, "next": request.GET.get("next", "")}


@register.inclusion_tag("sso/_links.html", takes_context=True)
def sso_links(context: dict[str, Any]) -> dict[str, Any]:
    from rashinban.sso.models import LinkedIdentity

    request = context["request"]
    linked = {i.provider: i for i in LinkedIdentity.objects.filter(user=request.user)}
    rows = [{"id": p, "title": TITLES[p], "identity": linked.get(p)} for p in clients.configured()]
    return {"rows": rows, "request": request}
