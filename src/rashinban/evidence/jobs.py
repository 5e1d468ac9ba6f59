"""Background work of the evidence checks: every remembered mail domain is re-checked once a week, every connected
service (Microsoft 365, Google Workspace) is collected again once a day."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from rashinban.evidence import actions
from rashinban.evidence.connections import collect_connection
from rashinban.evidence.models import MailDomain, SourceConnection
from rashinban.evidence.sources.http import SourceError
from rashinban.tasks.api import PermanentError, enqueue, periodic, task


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


class SourceRefused(PermanentError):
    """The service refused the credentials or a permission: trying again cannot help until someone fixes it."""


class SourceUnavailable(Exception):
    """The service could not be reached or kept failing: the runner tries again with its back-off."""


@periodic(timedelta(days=1), name="evidence.collect_sources", title=_("Daily collection from connected services"))
def collect_sources() -> int:
    """One job per connected service, so that a failure shows on that company's dashboard alone."""
    connections = SourceConnection.objects.select_related("organisation").order_by("id")
    for connection in connections:
        enqueue(collect_source, organisation=connection.organisation, connection_id=connection.pk)
    return len(connections)


@task(name="evidence.collect_source", title=_("Collection from Microsoft 365 or Google Workspace"))
def collect_source(connection_id: int) -> None:
    connection = SourceConnection.objects.select_related("organisation").filter(pk=connection_id).first()
    if connection is None:  # disconnected since the job was queued
        return
    try:
        collect_connection(connection)
    except SourceError as error:
        if error.kind in ("auth", "permission", "not-found"):
            raise SourceRefused(error.message) from None
        raise SourceUnavailable(error.message) from None
