"""Background work of the evidence checks: every remembered mail domain is re-checked once a week."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from rashinban.evidence import actions
from rashinban.evidence.models import MailDomain
from rashinban.tasks.api import enqueue, periodic, task


@periodic(timedelta(days=7), name="evidence.recheck_mail_domains", title=_("Weekly mail domain re-check"))
def recheck_mail_domains() -> int:
    """One job per domain, so that a failure shows on that company's dashboard alone."""
    domains = MailDomain.objects.select_related("organisation").order_by("id")
    for mail_domain in domains:
        enqueue(recheck_mail_domain, organisation=mail_domain.organisation, mail_domain_id=mail_domain.pk)
    return len(domains)


@task(name="evidence.recheck_mail_domain", title=_("Mail domain re-check"))
def recheck_mail_domain(mail_domain_id: int) -> None:
    mail_domain = MailDomain.objects.select_related("organisation").filter(pk=mail_domain_id).first()
    if mail_domain is None:  # removed since the job was queued
        return
    actions.recheck_domain(mail_domain)
