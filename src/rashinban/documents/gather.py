"""Collect the facts the generator tailors the documents to: profile, systems map and security self-check."""

from __future__ import annotations

from django.apps import apps

from rashinban.documents.facts import CompanyFacts, SystemFact
from rashinban.orgs.models import Organisation
from rashinban.orgs.tenancy import scoped

SELFCHECK = "security-selfcheck"
DONE = {"done", "partly"}


def company_facts(org: Organisation) -> CompanyFacts:
    systems, vendors = _landscape(org)
    answers = _selfcheck_answers(org)
    return CompanyFacts(
        name=org.name,
        prefecture=org.prefecture,
        employees=org.employee_band,
        systems=systems,
        extra_vendors=vendors,
        has_backup=_yes_no(answers.get("org-backups")),
        backup_tested=_yes_no(answers.get("org-restore-test")),
        mfa_enforced=None if answers.get("basic-mfa") in (None, "unknown") else answers.get("basic-mfa") == "done",
        remote_work=_remote_work(answers.get("staff-remote")),
    )


def _yes_no(option: str | None) -> bool | None:
    if option in DONE:
        return True
    return False if option == "not-done" else None


def _remote_work(option: str | None) -> bool | None:
    if option in (None, "unknown"):
        return None
    return option != "not-applicable"


def _landscape(org: Organisation) -> tuple[tuple[SystemFact, ...], tuple[str, ...]]:
    if not apps.is_installed("rashinban.landscape"):
        return (), ()
    from rashinban.landscape import summary

    systems = tuple(
        SystemFact(
            name=s.name,
            cloud=s.hosting == "cloud",
            customer_data="customer" in s.data_kinds,
            mfa=s.has_mfa,
            backup=s.has_backup,
            vendor=s.vendor,
        )
        for s in summary.systems(org)
    )
    return systems, tuple(v.name for v in summary.vendors(org))


def _selfcheck_answers(org: Organisation) -> dict[str, str]:
    """Management's answers of the latest completed security self-check, or {} before the first one."""
    if apps.is_installed("rashinban.security"):
        from rashinban.security.summary import latest_selfcheck

        latest = latest_selfcheck(org)
        return dict(latest.management_answers or {}) if latest else {}
    from rashinban.assessments.models import Diagnosis

    answers = (
        scoped(Diagnosis.objects.filter(catalog_id=SELFCHECK, completed_at__isnull=False), org)
        .order_by("-completed_at")
        .values_list("management_answers", flat=True)
        .first()
    )
    return dict(answers or {})
