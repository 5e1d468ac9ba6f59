"""Every change to stored evidence goes through these functions: the web pages and the worker call them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rashinban.evidence.findings import CheckResult
from rashinban.evidence.models import CheckRun, MailDomain, RunSource
from rashinban.evidence.registry import Check, CheckInput, Progress, get_check
from rashinban.orgs.models import Organisation, User

MAIL_DOMAIN_CHECK = "mail-domain"


def check_options() -> dict[str, Any]:
    """Settings a check needs besides the user's input (tests point the nameserver at a loopback server)."""
    return {
        "nameserver": getattr(settings, "EVIDENCE_NAMESERVER", "") or "",
        "dns_timeout": getattr(settings, "EVIDENCE_DNS_TIMEOUT", None),
    }


def run_check(
    organisation: Organisation,
    check: Check,
    inputs: CheckInput,
    *,
    by: User | None = None,
    source: str = RunSource.WEB,
    input_name: str = "",
) -> tuple[CheckResult, CheckRun | None]:
    """Parse (may raise InputError: nothing is stored then), run, and keep the run in the history."""
    inputs.options = {**check_options(), **inputs.options}
    if inputs.today is None:
        inputs.today = timezone.localdate()
    data = check.parse(inputs)
    result = check.run(data, Progress())
    if not check.record:
        return result, None
    subject = check.subject(data)
    with transaction.atomic():
        run = record_run(
            organisation, check, result, by=by, source=source, input_name=input_name or subject, subject=subject
        )
        if check.remembers_subject and subject:
            remember_domain(organisation, subject, inputs.value("selectors"), by=by)
    return result, run


def record_run(
    organisation: Organisation,
    check: Check,
    result: CheckResult,
    *,
    by: User | None = None,
    source: str = RunSource.WEB,
    input_name: str = "",
    subject: str = "",
) -> CheckRun:
    return CheckRun.objects.create(
        organisation=organisation,
        check_name=check.name,
        subject=subject,
        created_by=by,
        source=source,
        input_name=input_name[:500],
        result=result.as_json(),
        worst=result.worst or "",
        failed=result.failed,
        finding_count=len(result.findings),
    )


def remember_domain(
    organisation: Organisation, domain: str, selectors: str = "", *, by: User | None = None
) -> MailDomain:
    """Keep a mail domain for the weekly re-check (its DKIM selectors are updated when given again)."""
    mail_domain, created = MailDomain.objects.get_or_create(
        organisation=organisation, domain=domain, defaults={"dkim_selectors": selectors, "added_by": by}
    )
    if not created and selectors and selectors != mail_domain.dkim_selectors:
        mail_domain.dkim_selectors = selectors
        mail_domain.save(update_fields=["dkim_selectors"])
    MailDomain.objects.filter(pk=mail_domain.pk).update(last_checked_at=timezone.now())
    return mail_domain


def forget_domain(mail_domain: MailDomain) -> None:
    """Stop re-checking a domain; its past runs stay in the history."""
    mail_domain.delete()


def recheck_domain(mail_domain: MailDomain) -> CheckRun | None:
    """The worker's weekly re-check of one remembered domain (DNS trouble becomes a finding, never an error)."""
    check = get_check(MAIL_DOMAIN_CHECK)
    assert check is not None
    inputs = CheckInput(values={"domain": mail_domain.domain, "selectors": mail_domain.dkim_selectors})
    _result, run = run_check(mail_domain.organisation, check, inputs, source=RunSource.SCHEDULE)
    return run
