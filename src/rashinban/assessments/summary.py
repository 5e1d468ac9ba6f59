"""The diagnosis part of the company dashboard: where we stand and what to do first."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import get_language

from rashinban.assessments.actions import SECURITY_CATALOG
from rashinban.assessments.models import Diagnosis
from rashinban.assessments.results import management_summary
from rashinban.orgs.fastload import RowLoader
from rashinban.orgs.models import Membership, Organisation
from rashinban.orgs.tenancy import scoped

# What the dashboard reads of a diagnosis; the answers themselves stay in the database.
FIELDS = (
    "id",
    "organisation_id",
    "catalog_id",
    "custom_catalog_id",
    "completed_at",
    "management_scores",
    "staff_count",
)
# Its two newest completed rounds other than self-checks, newest first: on every dashboard, so read with SQL written
# once (orgs/fastload.py) instead of the queryset `_rounds(...).filter(completed_at__isnull=False)
# .order_by("-completed_at", "-id").only(*FIELDS)[:2]` compiled anew (tests/orgs/test_fastload.py compares them).
_NEWEST_TWO = RowLoader(
    Diagnosis,
    [("organisation", "="), ("catalog_id", "<>"), ("completed_at", "IS NOT NULL")],
    fields=FIELDS,
    order_by=("-completed_at", "-id"),
    limit=2,
)


def dashboard_context(organisation: Organisation, membership: Membership) -> dict:
    """One query in the usual case: the newest two completed rounds give the latest and the one before."""
    diagnoses = scoped(Diagnosis.objects.all(), organisation).exclude(catalog_id=SECURITY_CATALOG)
    recent = _NEWEST_TWO.rows(organisation.pk, SECURITY_CATALOG)
    latest = recent[0] if recent else None
    context: dict = {"latest": latest, "membership": membership}
    if latest is None:
        # Only a company without a result is offered to continue (or start) a round.
        context["open_round"] = diagnoses.filter(completed_at__isnull=True).order_by("-created_at").first()
        return context
    result = management_summary(latest, get_language() or "ja")
    context["result"] = result
    previous = _previous_scores(diagnoses, latest, recent[1] if len(recent) > 1 else None)
    if previous and previous.get("overall") is not None:
        context["change"] = result.overall_score - previous["overall"]
    return context


def _previous_scores(diagnoses: QuerySet[Diagnosis], latest: Diagnosis, second: Diagnosis | None) -> dict | None:
    """Scores of the round completed before `latest` with the same bank; `second` is that round unless banks differ."""
    if second is not None and second.catalog_id == latest.catalog_id and second.completed_at < latest.completed_at:
        return second.management_scores
    return (
        diagnoses.filter(completed_at__lt=latest.completed_at, catalog_id=latest.catalog_id)
        .order_by("-completed_at")
        .values_list("management_scores", flat=True)
        .first()
    )
