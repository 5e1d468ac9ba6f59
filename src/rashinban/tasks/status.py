"""What people see of background work: the owner's list of failures, and the queue's health for operators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from rashinban.orgs.choices import Role
from rashinban.orgs.fastload import RowLoader
from rashinban.orgs.models import Membership, Organisation
from rashinban.tasks.api import REGISTRY
from rashinban.tasks.models import Job, JobStatus, WorkerHeartbeat

FAILURES_SHOWN = 20
# The newest failed jobs of a company: asked on every owner's dashboard, so read with SQL written once
# (orgs/fastload.py), the rows `Job.objects.filter(organisation=..., status=FAILED).order_by("-finished_at", "-id")
# [:FAILURES_SHOWN]` gives (tests/orgs/test_fastload.py compares them).
_FAILED = RowLoader(
    Job, [("organisation", "="), ("status", "=")], order_by=("-finished_at", "-id"), limit=FAILURES_SHOWN
)

# Exception class -> what it means for a mail, in words an owner of a small company understands.
_MAIL_WORDS = {
    "SMTPRecipientsRefused": gettext_noop("The mail server refused the address. Check it for typing mistakes."),
    "SMTPSenderRefused": gettext_noop(
        "The mail server refused the sender address. Ask your administrator to check the mail settings."
    ),
    "SMTPAuthenticationError": gettext_noop(
        "The mail server refused the sign-in. Ask your administrator to check the mail settings."
    ),
    "SMTPDataError": gettext_noop("The mail server refused the message."),
    "SMTPConnectError": gettext_noop("Could not connect to the mail server."),
    "SMTPServerDisconnected": gettext_noop("Could not connect to the mail server."),
    "ConnectionRefusedError": gettext_noop("Could not connect to the mail server."),
    "gaierror": gettext_noop("Could not connect to the mail server."),
    "OSError": gettext_noop("Could not connect to the mail server."),
    "TimeoutError": gettext_noop("The mail server did not answer in time."),
    "timeout": gettext_noop("The mail server did not answer in time."),
    "MailUnreadable": gettext_noop(
        "This mail was queued before the server's secret key was changed and can no longer be read. Send it again."
    ),
}
_ANY_WORDS = {
    "WorkerLost": gettext_noop("The background worker stopped while doing this, several times."),
    "SourceRefused": gettext_noop(
        "The service refused the connection (a secret expired or a permission is missing). Open Evidence > "
        "Connected services and connect it again."
    ),
    "SourceUnavailable": gettext_noop("The service could not be reached. It was tried several times."),
}


def describe_failure(job_name: str, last_error: str) -> str:
    """Plain words for a stored error (`ClassName: details`) of a job."""
    kind = last_error.split(":", 1)[0].strip()
    words = {**_ANY_WORDS, **(_MAIL_WORDS if job_name.startswith("mail.") else {})}
    if kind in words:
        return _(words[kind])
    return _("Unexpected error (%(kind)s).") % {"kind": kind or "?"}


@dataclass(frozen=True)
class Failure:
    job_id: int
    what: str
    to: str
    subject: str
    when: datetime | None
    why: str


def failures_context(organisation: Organisation, membership: Membership) -> dict:
    """The dashboard's "problems" box: the organisation's failed jobs, for its owners only (one query)."""
    if membership.role != Role.OWNER:
        return {"task_failures": []}
    failures = []
    for job in _FAILED.rows(organisation.pk, JobStatus.FAILED):
        task = REGISTRY.get(job.name)
        to = job.kwargs.get("to") if isinstance(job.kwargs, dict) else None
        failures.append(
            Failure(
                job_id=job.pk,
                what=str(task.title) if task else job.name,
                to=", ".join(to) if isinstance(to, list) else "",
                subject=str(job.kwargs.get("subject", "")) if isinstance(job.kwargs, dict) else "",
                when=job.finished_at,
                why=describe_failure(job.name, job.last_error),
            )
        )
    return {"task_failures": failures}


@dataclass(frozen=True)
class QueueStatus:
    backend: str
    error: str | None  # None when the queue is reachable
    queued: int
    running: int
    failed: int
    last_heartbeat: datetime | None


def queue_status() -> QueueStatus:
    """Backend, reachability and counts, for `rashinban doctor`."""
    error = None
    if settings.TASKS_BACKEND == "redis":
        from rashinban.tasks.redis_backend import ping

        error = ping()
    counts = dict(Job.objects.values_list("status").annotate(n=Count("id")).order_by())
    last = WorkerHeartbeat.objects.aggregate(last=Max("last_seen"))["last"]
    return QueueStatus(
        backend=settings.TASKS_BACKEND,
        error=error,
        queued=counts.get(JobStatus.QUEUED, 0),
        running=counts.get(JobStatus.RUNNING, 0),
        failed=counts.get(JobStatus.FAILED, 0),
        last_heartbeat=last,
    )
