"""Every request an advisor makes to a company's pages is written down for the company's owner.

Called by `orgs.tenancy.org_view` after the view ran, so no page can forget it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from rashinban.advisors.models import AuditEntry
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership


def record(request: HttpRequest, membership: Membership, response: HttpResponse) -> None:
    if membership.role != Role.ADVISOR:
        return
    match = request.resolver_match
    AuditEntry.objects.create(
        organisation_id=membership.organisation_id,
        user=request.user,
        email=request.user.email,  # type: ignore[union-attr]
        method=request.method or "GET",
        route=(match.view_name if match else "")[:100],
        path=request.path[:300],
        status_code=response.status_code,
    )
