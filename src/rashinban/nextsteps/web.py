"""The web pages of the one ranking: the action plan (every step, with its date, person and status), "this
week" (my steps now) and the forms that move a date, give a step to someone or mark it done. Every change goes
through `nextsteps.actions`, so the dashboard, the roadmap, the reports, the weekly mail and the calendar show it.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rashinban.nextsteps import actions, display, plan_for
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership
from rashinban.orgs.tenancy import org_view

LEADS = (Role.OWNER, Role.ADVISOR)


class MoveForm(forms.Form):
    step = forms.CharField(max_length=120)
    due = forms.DateField(label=gettext_lazy("New due date"), required=False)
    next = forms.CharField(max_length=300, required=False)


def _lang() -> str:
    return get_language() or "ja"


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def _may_change(request: HttpRequest, assignee: int | None) -> bool:
    """Owners and advisors change any step; staff the steps given to them."""
    return request.membership.role in LEADS or assignee == request.user.pk  # type: ignore[attr-defined]


@org_view()
def action_plan(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    plan = plan_for(org)
    context = {
        "plan": plan,
        "rows": display.rows(plan, org.pk, lang=_lang()),
        "people": list(plan.people.values()),
        "is_lead": request.membership.role in LEADS,  # type: ignore[attr-defined]
        "per_week": plan.steps_per_week,
    }
    return render(request, "nextsteps/plan.html", context)


@org_view()
def this_week(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    plan = plan_for(org)
    mine = plan.this_week(request.user.pk)
    later = [s for s in plan.for_person(request.user.pk) if s not in mine][:3]
    context = {
        "plan": plan,
        "rows": display.rows(plan, org.pk, mine, _lang()),
        "later": display.rows(plan, org.pk, later, _lang()),
        "limit": len(mine),
        "is_lead": request.membership.role in LEADS,  # type: ignore[attr-defined]
    }
    return render(request, "nextsteps/this_week.html", context)


@org_view()
@require_POST
def move(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = MoveForm(request.POST)
    default = reverse("nextsteps:plan", args=[org.pk])
    if not form.is_valid():
        messages.error(request, _("Choose a date as YYYY-MM-DD."))
        return _back(request, default)
    plan = plan_for(org)
    step = plan.get(form.cleaned_data["step"])
    if step is None:
        messages.error(request, _("This step is no longer on the plan."))
        return _back(request, default)
    if not _may_change(request, step.assignee):
        return render(request, "403.html", status=403)
    due: date | None = form.cleaned_data["due"]
    if due is not None and not (date(2000, 1, 1) <= due <= date(2100, 12, 31)):
        messages.error(request, _("Choose a date between 2000 and 2100."))
        return _back(request, default)
    actions.move_due(org, step.id, due, by=request.user)  # type: ignore[arg-type]
    if due is None:
        messages.success(request, _("The plan gives “%(title)s” a date again.") % {"title": step.title_in(_lang())})
    else:
        messages.success(
            request,
            _("“%(title)s” is now due on %(date)s on every page, in the weekly mail and in the calendar.")
            % {"title": step.title_in(_lang()), "date": due.isoformat()},
        )
    return _back(request, default)


@org_view()
@require_POST
def done(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    default = reverse("nextsteps:plan", args=[org.pk])
    step = plan_for(org).get(request.POST.get("step", "")[:120])
    if step is None:
        messages.error(request, _("This step is no longer on the plan."))
        return _back(request, default)
    if not _may_change(request, step.assignee):
        return render(request, "403.html", status=403)
    actions.complete(org, step.id, by=request.user)  # type: ignore[arg-type]
    if step.ref[0] == "security":
        # The security plan item keeps its history and comments; the next self-check shows it as reported done.
        from rashinban.security import actions as security_actions
        from rashinban.security.models import ActionItem

        item = ActionItem.objects.filter(organisation=org, source_question=step.ref[1]).first()
        if item is not None and not item.is_done:
            security_actions.complete_item(item, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("“%(title)s” is done. The next step moves up.") % {"title": step.title_in(_lang())})
    return _back(request, default)


@org_view(roles=LEADS)
@require_POST
def assign(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    default = reverse("nextsteps:plan", args=[org.pk])
    step = plan_for(org).get(request.POST.get("step", "")[:120])
    if step is None:
        messages.error(request, _("This step is no longer on the plan."))
        return _back(request, default)
    person_id = request.POST.get("person", "")
    person = None
    if person_id.isdigit():
        membership = (
            Membership.objects.filter(organisation=org, user_id=int(person_id), active=True)
            .select_related("user")
            .first()
        )
        if membership is None:
            messages.error(request, _("This person is not part of the company."))
            return _back(request, default)
        person = membership.user
    actions.assign(org, step.id, person, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The step was given to %(name)s.") % {"name": person or _("whoever the plan chooses")})
    return _back(request, default)
