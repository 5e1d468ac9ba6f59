"""The one place that decides which company's rows a person may see.

Every view that shows company data goes through `org_view`, and every query for
company-owned rows goes through `scoped`; another company's object answers 404.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from rashinban.orgs.choices import MFA_REQUIRED_ROLES, Role
from rashinban.orgs.fastload import RowLoader
from rashinban.orgs.models import Membership, Organisation

M = TypeVar("M", bound=Model)


def active_memberships(user: Any) -> QuerySet[Membership]:
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.filter(user=user, active=True).select_related("organisation")


# Every company page asks this; one SELECT written once (orgs/fastload.py) instead of a compiled queryset.
_MEMBERSHIP = RowLoader(Membership, [("user", "="), ("organisation", "="), ("active", "=")], related="organisation")


def get_membership(user: Any, org_id: int) -> Membership:
    """The user's active membership in org_id, with its company, or 404 (never 403: we don't confirm the
    company exists). At most one row: a person has one membership per company."""
    membership = _MEMBERSHIP.get(user.pk, org_id, True) if getattr(user, "is_authenticated", False) else None
    if membership is None:
        raise Http404("no such organisation")
    return membership  # type: ignore[return-value]


def scoped(queryset: QuerySet[M], organisation: Organisation) -> QuerySet[M]:
    """Rows of `queryset` that belong to `organisation` (the model has an `organisation` field)."""
    return queryset.filter(organisation=organisation)


def get_scoped_or_404(queryset: QuerySet[M], organisation: Organisation, **lookup: Any) -> M:
    obj = scoped(queryset, organisation).filter(**lookup).first()
    if obj is None:
        raise Http404("not found in this organisation")
    return obj


def needs_second_factor(request: HttpRequest, membership: Membership) -> bool:
    """Owners and advisors must pass a second factor; so must anyone who has set one up (else it guards nothing)."""
    if request.user.is_verified():  # type: ignore[union-attr]
        return False
    return membership.role in MFA_REQUIRED_ROLES or has_second_factor(request.user)


def requires_second_factor(user: Any) -> bool:
    """Whether this person's pages wait for a second factor, whatever company they open."""
    return active_memberships(user).filter(role__in=MFA_REQUIRED_ROLES).exists() or has_second_factor(user)


def second_factor_redirect(request: HttpRequest) -> HttpResponse | None:
    """For a signed-in person who still owes a second factor: where to go first (verify, or set one up)."""
    user = request.user
    if not user.is_authenticated or user.is_verified() or not requires_second_factor(user):  # type: ignore[union-attr]
        return None
    return redirect("orgs:mfa_verify" if has_second_factor(user) else "orgs:mfa_setup")


def org_view(
    roles: Iterable[str] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Resolve `org_id` from the URL to the user's membership; enforce sign-in, second factor and role."""
    allowed = set(roles) if roles else None

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, org_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = get_membership(request.user, org_id)
            if needs_second_factor(request, membership):
                return redirect("orgs:mfa_verify" if has_second_factor(request.user) else "orgs:mfa_setup")
            if allowed is not None and membership.role not in allowed:
                return render(request, "403.html", status=403)
            request.membership = membership  # type: ignore[attr-defined]
            request.org = membership.organisation  # type: ignore[attr-defined]
            # Activated per thread: without the reset, the next request on this thread would inherit it.
            timezone.activate(ZoneInfo(membership.organisation.timezone))
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                if membership.role == Role.ADVISOR:  # probing for ids is written down too
                    from rashinban.advisors.audit import record

                    record(request, membership, None, status=404)
                raise
            finally:
                timezone.deactivate()
            if membership.role == Role.ADVISOR:
                from rashinban.advisors.audit import record

                record(request, membership, response)  # the owner reads what advisors did (advisors/audit.py)
            return response

        return wrapper

    return decorator


def has_second_factor(user: Any) -> bool:
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))
