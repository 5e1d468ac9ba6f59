"""Collect one company's `CompanyState` for readiness from the capabilities (a fixed number of queries)."""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

from rashinban.assessments.catalog import get_catalog
from rashinban.frameworks.items import SELFCHECK
from rashinban.frameworks.readiness import CheckState, CompanyState
from rashinban.orgs.models import Organisation


def company_state(organisation: Organisation, now=None) -> CompanyState:  # type: ignore[no-untyped-def]
    from rashinban.assessments.models import Diagnosis
    from rashinban.documents.models import DocumentVersion
    from rashinban.drills.models import Drill, DrillStatus
    from rashinban.evidence.freshness import validity_days
    from rashinban.evidence.models import CheckRun
    from rashinban.evidence.verdicts import verdicts_for_many
    from rashinban.frameworks.models import NotApplicable
    from rashinban.training.models import Assignment

    now = now or timezone.now()
    org_id = organisation.pk
    latest = (
        Diagnosis.objects.filter(
            organisation_id=org_id, catalog_id=SELFCHECK, custom_catalog__isnull=True, completed_at__isnull=False
        )
        .order_by("-completed_at", "-id")
        .first()
    )
    verdicts = {q: v.status for q, v in verdicts_for_many([org_id], now).get(org_id, {}).items()}
    days = validity_days(organisation)
    checks: dict[str, CheckState] = {}
    for run in CheckRun.objects.filter(organisation_id=org_id).order_by("check_name", "-created_at", "-id"):
        if run.check_name not in checks:
            checks[run.check_name] = CheckState(run.created_at, days.get(run.check_name, 90), run.failed)
    documents = dict(
        DocumentVersion.objects.filter(organisation_id=org_id, published_at__isnull=False)
        .values_list("kind")
        .annotate(at=Max("published_at"))
    )
    lessons = dict(
        Assignment.objects.filter(organisation_id=org_id, completed_at__isnull=False)
        .values_list("lesson_id")
        .annotate(at=Max("completed_at"))
    )
    drills = {}
    finished = Drill.objects.filter(organisation_id=org_id, status=DrillStatus.FINISHED).aggregate(
        at=Max("window_end")
    )["at"]
    if finished and finished <= now:
        drills["phishing"] = finished
    exempt = {
        (fw, req): reason
        for fw, req, reason in NotApplicable.objects.filter(organisation_id=org_id).values_list(
            "framework_id", "requirement_id", "reason"
        )
    }
    return CompanyState(
        now=now,
        catalog=get_catalog(SELFCHECK),
        answers=latest.management_answers if latest else None,
        answered_at=latest.completed_at if latest else None,
        verdicts=verdicts,
        checks=checks,
        documents=documents,
        lessons=lessons,
        drills=drills,
        records=_records(org_id),
        not_applicable=exempt,
    )


def _records(org_id: int) -> dict:
    """What the company recorded having done outside Rashinban: IPA's own self-diagnosis, dated by the day done."""
    from datetime import datetime, time

    from rashinban.security.models import IpaSelfDiagnosis

    latest = IpaSelfDiagnosis.objects.filter(organisation_id=org_id).order_by("-done_on", "-id").first()
    if latest is None:
        return {}
    return {"ipa-self-diagnosis": timezone.make_aware(datetime.combine(latest.done_on, time()))}
