"""Sign in with Microsoft or Google (OpenID Connect): start, callback, link and unlink, and the owner's settings.

A provider's account signs in only a person who linked it while signed in the usual way, and only when one of that
person's companies allows the provider for the tenant or domain the token names. The second factor stays
mandatory for owners and advisors unless the token proves MFA (`claims.proves_mfa`).
"""

from __future__ import annotations

from typing import Any

from authlib.common.errors import AuthlibBaseError
from django.contrib import messages
from django.contrib.auth import login
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from joserfc.errors import JoseError

from rashinban.orgs import backends
from rashinban.orgs.auth_views import SESSION_NEXT, _safe_next
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import active_memberships, has_second_factor, org_view, requires_second_factor, scoped
from rashinban.sso import client as clients
from rashinban.sso.claims import DOMAIN, GUID, allowed_by, proves_mfa, tenant_of
from rashinban.sso.models import CompanySignIn, LinkedIdentity, Provider

SESSION_INTENT = "sso_intent"
SESSION_MFA = "sso_mfa"  # {"user": pk, "provider": name}: the IdP's token proved MFA (orgs.middleware reads it)
TITLES = {"microsoft": "Microsoft", "google": "Google"}


def _client_or_404(provider: str) -> Any:
    if provider not in clients.configured():
        raise Http404("provider not configured")
    return clients.client(provider)


def start(request: HttpRequest, provider: str) -> HttpResponse:
    client = _client_or_404(provider)
    linking = request.GET.get("link") == "1"
    if linking and not request.user.is_authenticated:
        return redirect("orgs:login")
    request.session[SESSION_INTENT] = "link" if linking else "login"
    next_url = _safe_next(request, request.GET.get("next"))
    if next_url:
        request.session[SESSION_NEXT] = next_url
    callback = request.build_absolute_uri(reverse("sso:callback", kwargs={"provider": provider}))
    return client.authorize_redirect(request, callback)


def callback(request: HttpRequest, provider: str) -> HttpResponse:
    client = _client_or_404(provider)
    intent = request.session.pop(SESSION_INTENT, "login")
    try:
        token = client.authorize_access_token(request, claims_options=clients.claims_options(client))
    except (AuthlibBaseError, JoseError, ValueError, KeyError, OSError) as error:
        return _refuse(request, intent, _("The sign-in with %(provider)s could not be verified (%(reason)s).")
                       % {"provider": TITLES[provider], "reason": type(error).__name__})  # fmt: skip
    claims = token.get("userinfo")
    if not claims or not claims.get("sub") or not clients.issuer_ok(client, claims):
        return _refuse(request, intent, _("%(provider)s sent no valid ID token.") % {"provider": TITLES[provider]})
    if intent == "link":
        return _link(request, provider, claims)
    return _sign_in(request, provider, claims)


def _allowing_companies(user: Any, provider: str, claims: Any) -> list[Any]:
    memberships = list(active_memberships(user).select_related("organisation"))
    rules = CompanySignIn.objects.filter(provider=provider, organisation__in=[m.organisation for m in memberships])
    return [rule.organisation for rule in rules if allowed_by(provider, claims, [rule.allowed])]


def _sign_in(request: HttpRequest, provider: str, claims: Any) -> HttpResponse:
    identity = LinkedIdentity.objects.select_related("user").filter(issuer=claims["iss"], subject=claims["sub"]).first()
    if identity is None or not identity.user.is_active:
        return _refuse(request, "login", _(
            "This %(provider)s account is not linked to anyone here. Sign in with your e-mail address and password "
            "first, then link it on your account page."
        ) % {"provider": TITLES[provider]})  # fmt: skip
    user = identity.user
    if not _allowing_companies(user, provider, claims):
        return _refuse(request, "login", _(
            "Your company does not allow sign-in with this %(provider)s tenant or domain (%(tenant)s)."
        ) % {"provider": TITLES[provider], "tenant": tenant_of(provider, claims) or "-"})  # fmt: skip
    login(request, user, backend=backends.PATH)
    if proves_mfa(claims):
        request.session[SESSION_MFA] = {"user": user.pk, "provider": provider}
        return redirect(request.session.pop(SESSION_NEXT, None) or "orgs:home")
    if has_second_factor(user):
        return redirect("orgs:mfa_verify")
    if requires_second_factor(user):
        return redirect("orgs:mfa_setup")
    return redirect(request.session.pop(SESSION_NEXT, None) or "orgs:home")


def _link(request: HttpRequest, provider: str, claims: Any) -> HttpResponse:
    user = request.user
    if not user.is_authenticated or (requires_second_factor(user) and not user.is_verified()):  # type: ignore[union-attr]
        return _refuse(request, "link", _("Sign in completely (with your second factor) before linking."))
    if not _allowing_companies(user, provider, claims):
        return _refuse(request, "link", _(
            "None of your companies allows sign-in with this %(provider)s tenant or domain (%(tenant)s)."
        ) % {"provider": TITLES[provider], "tenant": tenant_of(provider, claims) or "-"})  # fmt: skip
    try:
        with transaction.atomic():
            LinkedIdentity.objects.filter(user=user, provider=provider).delete()
            LinkedIdentity.objects.create(
                user=user, provider=provider, issuer=claims["iss"], subject=claims["sub"],
                email=str(claims.get("email") or "")[:320], tenant=tenant_of(provider, claims),
            )  # fmt: skip
    except IntegrityError:
        return _refuse(request, "link", _("This %(provider)s account is already linked to another person.")
                       % {"provider": TITLES[provider]})  # fmt: skip
    messages.success(request, _("Your %(provider)s account is linked.") % {"provider": TITLES[provider]})
    return redirect("orgs:account")


def _refuse(request: HttpRequest, intent: str, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("orgs:account" if intent == "link" and request.user.is_authenticated else "orgs:login")


@require_POST
def unlink(request: HttpRequest, provider: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("orgs:login")
    LinkedIdentity.objects.filter(user=request.user, provider=provider).delete()
    messages.success(request, _("The link was removed."))
    return redirect("orgs:account")


@org_view(roles=[Role.OWNER])
def company_settings(request: HttpRequest) -> HttpResponse:
    """The owner allows a provider for the company and names its own tenant id or domain (nothing else gets in)."""
    org = request.org  # type: ignore[attr-defined]
    rules = {rule.provider: rule for rule in scoped(CompanySignIn.objects.all(), org)}
    if request.method == "POST":
        values = {p: request.POST.get(f"allowed-{p}", "").strip().lower()[:253] for p in clients.configured()}
        wrong = [p for p, v in values.items() if v and not (GUID.match(v) if p == "microsoft" else DOMAIN.match(v))]
        if wrong:
            messages.error(request, _(
                "Enter the tenant ID as it is shown (1b2c3d4e-0000-1111-2222-333344445555) and the domain as "
                "example.co.jp."
            ))  # fmt: skip
            return redirect("sso:company_settings", org_id=org.id)
        for provider, allowed in values.items():
            if allowed:
                CompanySignIn.objects.update_or_create(
                    organisation=org, provider=provider, defaults={"allowed": allowed}
                )
            else:
                CompanySignIn.objects.filter(organisation=org, provider=provider).delete()
        messages.success(request, _("The sign-in settings were saved."))
        return redirect("sso:company_settings", org_id=org.id)
    rows = [{"provider": p, "title": TITLES[p], "rule": rules.get(p)} for p in clients.configured()]
    return render(request, "sso/company_settings.html", {"rows": rows, "providers": Provider})
