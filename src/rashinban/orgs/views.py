"""Home, company dashboard, people and invitations, company profile, account and language."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rashinban.downloads import attachment
from rashinban.orgs import actions, backends
from rashinban.orgs.choices import Role
from rashinban.orgs.forms import AcceptInvitationForm, InviteForm, LanguageForm, OrganisationSettingsForm
from rashinban.orgs.models import Invitation, Membership, User
from rashinban.orgs.tenancy import (
    active_memberships,
    get_scoped_or_404,
    has_second_factor,
    org_view,
    scoped,
    second_factor_redirect,
)
from rashinban.orgs.versions import cached_page


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "orgs/landing.html")
    if pending := second_factor_redirect(request):
        return pending
    memberships = list(active_memberships(request.user))
    if len(memberships) == 1:
        return redirect("orgs:dashboard", org_id=memberships[0].organisation_id)
    advises = any(m.role == Role.ADVISOR for m in memberships)
    return render(request, "orgs/choose.html", {"memberships": memberships, "advises": advises})


# The dashboard's "everything else": one fold per capability, each its panel (a template reading only the request).
FOLDS = {
    "security": (gettext_lazy("Security"), "security/_panel.html"),
    "evidence": (gettext_lazy("Evidence"), "evidence/_fold.html"),
    "planning": (gettext_lazy("Plan and KPIs"), "planning/_dashboard.html"),
    "documents": (gettext_lazy("Security documents"), "documents/_panel.html"),
    "systems": (gettext_lazy("Systems"), "landscape/_panel.html"),
    "report": (gettext_lazy("Owner's report"), "reports/_panel.html"),
}


def folds(request: HttpRequest) -> list[dict]:
    """The folds of the dashboard. A closed fold is rendered when it is opened (its own page, which
    static/js/folds.js brings into the fold; without a script, a link to it): each panel costs queries of its
    own, and most visits open none. Staff see the security documents open, rendered with the dashboard."""
    opened = {"documents"} if request.membership.role == Role.MEMBER else set()  # type: ignore[attr-defined]
    return [
        {"name": name, "title": title, "template": template, "open": name in opened,
         "url": reverse("orgs:fold", args=[request.org.pk, name])}  # type: ignore[attr-defined]
        for name, (title, template) in FOLDS.items()
    ]  # fmt: skip


@org_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    from rashinban.assessments.summary import dashboard_context
    from rashinban.nextsteps.dashboard import first_steps_context
    from rashinban.tasks.status import failures_context

    def render_dashboard() -> HttpResponse:
        context = dashboard_context(request.org, request.membership)  # type: ignore[attr-defined]
        context |= first_steps_context(request.org, request.user)  # type: ignore[attr-defined]
        context |= failures_context(request.org, request.membership)  # type: ignore[attr-defined]
        context["folds"] = folds(request)
        return render(request, "orgs/dashboard.html", context)

    # Every panel of every capability reads the company's data; kept until any of it changes (orgs/versions.py).
    return cached_page(request, "dashboard", render_dashboard)


@org_view()
def fold(request: HttpRequest, name: str) -> HttpResponse:
    """One fold of the dashboard as a page of its own; the dashboard's script shows its body inside the fold."""
    if name not in FOLDS:
        raise Http404
    title, template = FOLDS[name]
    context = {"name": name, "title": title, "template": template}
    return cached_page(request, f"fold-{name}", lambda: render(request, "orgs/fold.html", context))


@org_view(roles=[Role.OWNER])
def people(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.invite(org, form.cleaned_data["email"], form.cleaned_data["role"], request.user, request.LANGUAGE_CODE)  # type: ignore[arg-type,attr-defined]
        messages.success(
            request,
            _("The invitation to %(email)s is on its way. If it cannot be delivered, the dashboard will say so.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("orgs:people", org_id=org.id)
    memberships = scoped(Membership.objects.select_related("user"), org).order_by("-active", "role", "user__email")
    invitations = scoped(Invitation.objects.all(), org).filter(used_at__isnull=True, cancelled_at__isnull=True)
    return render(request, "orgs/people.html", {"form": form, "memberships": memberships, "invitations": invitations})


@org_view(roles=[Role.OWNER])
@require_POST
def revoke(request: HttpRequest, membership_id: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    membership = get_scoped_or_404(Membership.objects.select_related("user"), org, pk=membership_id)
    try:
        actions.revoke_membership(membership)
        messages.success(request, _("Access of %(user)s was removed.") % {"user": membership.user})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("orgs:people", org_id=org.id)


@org_view(roles=[Role.OWNER])
@require_POST
def cancel_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    invitation = get_scoped_or_404(Invitation.objects.all(), org, pk=invitation_id)
    from django.utils import timezone

    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    messages.success(request, _("The invitation was cancelled."))
    return redirect("orgs:people", org_id=org.id)


@org_view(roles=[Role.OWNER])
def organisation_settings(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = OrganisationSettingsForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The company profile was saved."))
        return redirect("orgs:dashboard", org_id=org.id)
    return render(request, "orgs/settings.html", {"form": form})


@org_view(roles=[Role.OWNER])
def organisation_export(request: HttpRequest) -> HttpResponse:
    """Everything of the company as one JSON file, to move it to another installation (docs/moving-data.md)."""
    from rashinban.backups.organisation import dumps, export_organisation

    org = request.org  # type: ignore[attr-defined]
    response = attachment(
        dumps(export_organisation(org)),
        "application/json; charset=utf-8",
        company=org.name,
        title=_("Company data export"),
        extension="json",
        day=timezone.localdate(),
    )
    add_never_cache_headers(response)
    return response


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.find_invitation(token)
    if invitation is None or not invitation.is_usable:
        return render(request, "orgs/invitation_invalid.html", status=410 if invitation else 404)
    existing = User.objects.filter(email=invitation.email).first()
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                membership = actions.accept_invitation(invitation, request.user)  # type: ignore[arg-type]
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return render(request, "orgs/invitation_invalid.html", status=400)
            messages.success(request, _("You joined %(name)s.") % {"name": membership.organisation.name})
            return redirect("orgs:dashboard", org_id=membership.organisation_id)
        return render(request, "orgs/accept_invitation.html", {"invitation": invitation, "form": None})
    if existing is not None:
        messages.info(request, _("Sign in with %(email)s to accept the invitation.") % {"email": existing.email})
        return redirect(f"{reverse('orgs:login')}?next={request.path}")
    form = AcceptInvitationForm(request.POST or None)
    form.email_for_validation = invitation.email
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.create_user(
                invitation.email,
                form.cleaned_data["password1"],
                form.cleaned_data["display_name"],
                request.LANGUAGE_CODE,  # type: ignore[attr-defined]
            )
            actions.accept_invitation(invitation, user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return render(request, "orgs/invitation_invalid.html", status=400)
        login(request, user, backend=backends.PATH)
        if invitation.role in (Role.OWNER, Role.ADVISOR):
            return redirect("orgs:mfa_setup")
        return redirect("orgs:dashboard", org_id=invitation.organisation_id)
    return render(request, "orgs/accept_invitation.html", {"invitation": invitation, "form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    target = "/"
    if form.is_valid():
        candidate = form.cleaned_data.get("next") or "/"
        if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
            target = candidate
    response = redirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            request.user.language = language  # type: ignore[union-attr]
            request.user.save(update_fields=["language"])  # type: ignore[union-attr]
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax", secure=settings.HTTPS
        )
    return response


@login_required
def account(request: HttpRequest) -> HttpResponse:
    from rashinban.orgs.models import BackupCodeDevice

    if pending := second_factor_redirect(request):
        return pending
    backup = BackupCodeDevice.objects.filter(user=request.user).first()
    from rashinban.orgs.lifecycle import sessions_of

    context = {
        "has_second_factor": has_second_factor(request.user),
        "backup_remaining": backup.remaining() if backup else 0,
        "memberships": active_memberships(request.user),
        "sessions": sessions_of(request.user, request.session.session_key),
    }  # type: ignore[arg-type]
    return render(request, "orgs/account.html", context)
