"""The diagnosis part of the company dashboard: where we stand and what to do first."""

from __future__ import annotations

from django.utils.translation import get_language

from rashinban.assessments.models import Diagnosis
from rashinban.assessments.results import management_result
from rashinban.orgs.models import Membership, Organisation
from rashinban.orgs.tenancy import scoped


def dashboard_context(organisation: Organisation, membership: Membership) -> dict:
    diagnoses = scoped(Diagnosis.objects.all(), organisation)
    latest = diagnoses.filter(completed_at__isnull=False).order_by("-completed_at").first()
    open_round = diagnoses.filter(completed_at__isnull=True).order_by("-created_at").first()
    context: dict = {"latest": latest, "open_round": open_round, "membership": membership}
    if latest is not None:
        result = management_result(latest, get_language() or "ja")
        context["result"] = result
        previous = (
            diagnoses.filter(completed_at__lt=latest.completed_at, catalog_id=latest.catalog_id)
            .order_by("-completed_at").values_list("management_scores", flat=True).first()
        )
        if previous and previous.get("overall") is not None:
            context["change"] = result.overall_score - previous["overall"]
    return context
