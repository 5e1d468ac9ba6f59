"""Claiming and running jobs: the same code for the database worker, the Redis actor and eager mode.

A worker claims a job with a conditional UPDATE that also sets a lease (`locked_until`). While it runs, the
worker renews the lease; if the worker dies (even kill -9), the lease runs out and another worker claims the
job again. So a job runs at least once, and never in two workers at the same time while its lease holds.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from rashinban.orgs.versions import bump
from rashinban.tasks.api import REGISTRY, PermanentError
from rashinban.tasks.models import Job, JobStatus

logger = logging.getLogger(__name__)
ERROR_LIMIT = 500
WORKER_LOST = "WorkerLost"
# Jobs this process is running right now: only these get their lease renewed.
_active: set[int] = set()
_active_lock = threading.Lock()


@dataclass(frozen=True)
class Outcome:
    """What became of one delivery of a job; `retry_at` tells a Redis actor when to deliver it again."""

    status: str
    retry_at: datetime | None = None


@cache
def _worker_id_for(pid: int) -> str:
    # The random part keeps a restarted process with a recycled pid from renewing its predecessor's leases.
    return f"{socket.gethostname()}:{pid}:{secrets.token_hex(3)}"


def worker_id() -> str:
    return _worker_id_for(os.getpid())


def lease() -> timedelta:
    return timedelta(seconds=settings.TASKS_LEASE_SECONDS)


def backoff(attempts: int) -> timedelta:
    """Delay before the next attempt after `attempts` failed ones: base × 2^(attempts-1), capped."""
    seconds = settings.TASKS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.TASKS_RETRY_MAX_SECONDS))


def due(now: datetime) -> Q:
    """Jobs a worker may take now: queued and due, or running under a lease that ran out (its worker died)."""
    return Q(status=JobStatus.QUEUED, run_at__lte=now) | Q(status=JobStatus.RUNNING, locked_until__lt=now)


def take(job_id: int, owner: str) -> bool:
    """Claim one job if it is still due; one UPDATE, so two workers can never both win."""
    now = timezone.now()
    return bool(
        Job.objects.filter(due(now), pk=job_id).update(
            status=JobStatus.RUNNING, locked_by=owner, locked_until=now + lease(), attempts=F("attempts") + 1
        )
    )


def claim_next(owner: str) -> Job | None:
    """The oldest due job, claimed for `owner`; None when nothing is due."""
    now = timezone.now()
    candidates = Job.objects.filter(due(now)).order_by("run_at", "id")
    # A plain read first: an idle worker polling SQLite must not take the write lock every second.
    if not candidates.exists():
        return None
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            # PostgreSQL: workers skip rows another worker is claiming instead of queueing behind it.
            candidates = candidates.select_for_update(skip_locked=True)
        # SQLite: the transaction is IMMEDIATE (settings), so it already holds the only write lock.
        job_id = candidates.values_list("pk", flat=True).first()
        if job_id is None or not take(job_id, owner):
            return None
    return Job.objects.get(pk=job_id)


def run_pending(owner: str | None = None) -> int:
    """Run every job that is due now in this process, one after the other; returns how many ran."""
    owner = owner or worker_id()
    count = 0
    while (job := claim_next(owner)) is not None:
        execute(job, owner)
        count += 1
    return count


def run_now(job: Job) -> Outcome:
    """Eager mode: the first attempt in the caller's process, still recorded on the job row."""
    owner = worker_id()
    if not take(job.pk, owner):
        return Outcome(job.status)
    return execute(Job.objects.get(pk=job.pk), owner)


def run_by_id(job_id: int, owner: str) -> Outcome:
    """One delivery of a job id (the Redis actor). A duplicate delivery never runs a job twice at once."""
    if take(job_id, owner):
        return execute(Job.objects.get(pk=job_id), owner)
    job = Job.objects.filter(pk=job_id).only("status", "run_at", "locked_until").first()
    if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
        return Outcome("skipped")
    if job.status == JobStatus.QUEUED:
        return Outcome("early", retry_at=job.run_at)
    # Another worker holds the lease: look again when it would run out.
    return Outcome("held", retry_at=job.locked_until)


def execute(job: Job, owner: str) -> Outcome:
    """Run a claimed job and record the result: done, queued again after back-off, or failed."""
    task = REGISTRY.get(job.name)
    if job.attempts > job.max_attempts:
        # Claimed again after its worker died, too often: a task that kills its worker must not loop forever.
        return _fail(job, owner, f"{WORKER_LOST}: the worker stopped during each of {job.max_attempts} attempts")
    with _active_lock:
        _active.add(job.pk)
    try:
        if task is None:
            # Retried like any failure: during an upgrade an older worker may not know a new task yet.
            raise LookupError(f"no task named {job.name!r} in this worker")
        task.func(**job.kwargs)
    except (KeyboardInterrupt, SystemExit):
        raise
    except PermanentError as error:
        return _fail(job, owner, describe_exception(error.__cause__ or error))
    except BaseException as error:  # noqa: BLE001 - any failure, a time limit too, is recorded, never lost
        logger.warning("task %s (job %s) failed: %s", job.name, job.pk, type(error).__name__)
        message = describe_exception(error)
        if job.attempts >= job.max_attempts:
            return _fail(job, owner, message)
        retry_at = timezone.now() + backoff(job.attempts)
        _finish(job, owner, status=JobStatus.QUEUED, run_at=retry_at, last_error=message, locked_until=None)
        return Outcome(JobStatus.QUEUED, retry_at=retry_at)
    finally:
        with _active_lock:
            _active.discard(job.pk)
    # The arguments may hold links that work as credentials (invitations, survey links): drop them once sent.
    _finish(job, owner, status=JobStatus.DONE, finished_at=timezone.now(), kwargs={}, last_error="", locked_until=None)
    return Outcome(JobStatus.DONE)


def _fail(job: Job, owner: str, message: str) -> Outcome:
    logger.warning("task %s (job %s) failed for good", job.name, job.pk)
    _finish(job, owner, status=JobStatus.FAILED, finished_at=timezone.now(), last_error=message, locked_until=None)
    bump(job.organisation_id)  # the owner's dashboard shows failures: no cached copy may hide this one
    from rashinban.notify.hooks import job_failed

    job_failed(job)  # owners told on the channels they chose; never raises
    return Outcome(JobStatus.FAILED)


def _finish(job: Job, owner: str, **fields: object) -> None:
    # Only the lease holder writes the result; a worker whose lease was taken over must not overwrite it.
    if not Job.objects.filter(pk=job.pk, locked_by=owner, status=JobStatus.RUNNING).update(**fields):
        logger.warning("job %s: lease lost before it finished; its new holder records the result", job.pk)


def renew_leases(owner: str) -> int:
    """Keep the jobs this process is running from being claimed by others (and no job it has let go of)."""
    with _active_lock:
        running = list(_active)
    if not running:
        return 0
    return Job.objects.filter(pk__in=running, locked_by=owner, status=JobStatus.RUNNING).update(
        locked_until=timezone.now() + lease()
    )


_URL_CREDENTIALS = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]+@", re.IGNORECASE)


def describe_exception(error: BaseException) -> str:
    """`ClassName: message`, shortened, with passwords and keys taken out: it is stored and shown."""
    text = str(error)
    for secret in _known_secrets():
        text = text.replace(secret, "***")
    text = _URL_CREDENTIALS.sub(r"\1***@", text)
    return f"{type(error).__name__}: {text}"[:ERROR_LIMIT]


def _known_secrets() -> list[str]:
    database = settings.DATABASES["default"].get("PASSWORD") or ""
    values = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS, settings.EMAIL_HOST_PASSWORD, database]
    return [value for value in values if value and len(value) >= 4]
