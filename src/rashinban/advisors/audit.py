"""Every request an advisor makes to a company's pages is written down for the company's owner.

Called by `orgs.tenancy.org_view` after the view ran (404s included), so no company page can forget it; the
pages that span several companies (the portfolio, its export, /compare/) call `record_across` with the
companies whose data they showed.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from rashinban.advisors.models import AuditEntry
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership


def _entry(request: HttpRequest, organisation_id: int, status_code: int) -> AuditEntry:
    match = request.resolver_match
    return AuditEntry(
        organisation_id=organisation_id,
        user=request.user,
        email=request.user.email,  # type: ignore[union-attr]
        method=request.method or "GET",
        route=(match.view_name if match else "")[:100],
        path=request.get_full_path()[:300],
        status_code=status_code,
    )


def record(request: HttpRequest, membership: Membership, response: HttpResponse | None, status: int = 0) -> None:
    if membership.role != Role.ADVISOR:
        return
    _entry(request, membership.organisation_id, response.status_code if response else status).save()


def record_across(request: HttpRequest, organisation_ids: set[int], status_code: int) -> None:
    """One entry in each company, among `organisation_ids`, that the person serves as an advisor."""
    advising = Membership.objects.filter(
        user=request.user, organisation_id__in=organisation_ids, role=Role.ADVISOR, active=True
    ).values_list("organisation_id", flat=True)
    AuditEntry.objects.bulk_create([_entry(request, org_id, status_code) for org_id in advising])
