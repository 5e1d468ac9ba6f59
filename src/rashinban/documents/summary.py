"""Read API of the security documents for other capabilities and the dashboard.

published_policy(org) -> DocumentVersion | None   the policy version published last (SECURITY ACTION ★★)
panel_context(org, membership) -> dict            the dashboard panel: what is published, who has read it
"""

from __future__ import annotations

from django.db.models import Count

from rashinban.documents.actions import READER_ROLES, published_version
from rashinban.documents.models import Acknowledgement, DocumentKind, DocumentVersion
from rashinban.orgs.models import Membership, Organisation
from rashinban.orgs.tenancy import scoped


def published_policy(org: Organisation) -> DocumentVersion | None:
    return published_version(org, DocumentKind.POLICY)


def current_versions(org: Organisation) -> dict[str, DocumentVersion]:
    """The published version of each kind, in one query."""
    current: dict[str, DocumentVersion] = {}
    published = scoped(DocumentVersion.objects.filter(published_at__isnull=False), org)
    for version in published.order_by("kind", "-published_at", "-number").only(
        "id", "organisation_id", "kind", "number", "title", "published_at"
    ):
        current.setdefault(version.kind, version)
    return current


def panel_context(org: Organisation, membership: Membership) -> dict:
    current = current_versions(org)
    readers = scoped(Membership.objects.filter(active=True, role__in=READER_ROLES), org).count()
    counts = dict(
        Acknowledgement.objects.filter(version__in=list(current.values()))
        .values("version_id")
        .annotate(n=Count("id"))
        .values_list("version_id", "n")
    )
    mine = set(
        Acknowledgement.objects.filter(version__in=list(current.values()), user_id=membership.user_id).values_list(
            "version_id", flat=True
        )
    )
    rows = [
        {
            "kind": kind,
            "label": label,
            "version": current.get(kind),
            "confirmed": counts.get(current[kind].pk, 0) if kind in current else 0,
            "mine": kind in current and current[kind].pk in mine,
        }
        for kind, label in DocumentKind.choices
    ]
    # Advisors are outsiders: they are not asked to confirm, so nothing is "to read" for them.
    is_reader = membership.role in READER_ROLES
    to_read = [row for row in rows if is_reader and row["version"] and not row["mine"]]
    return {"documents_rows": rows, "documents_readers": readers, "documents_to_read": to_read, "is_reader": is_reader}
