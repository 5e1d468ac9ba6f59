"""Periodic housekeeping of the task tables themselves."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from rashinban.tasks.api import periodic
from rashinban.tasks.models import Job, JobStatus, WorkerHeartbeat


@periodic(every=timedelta(days=1), name="tasks.purge")
def purge_finished_jobs() -> None:
    """Forget finished work: done jobs after a week, failed ones after a month, silent workers after a day."""
    now = timezone.now()
    Job.objects.filter(
        status=JobStatus.DONE, finished_at__lt=now - timedelta(days=settings.TASKS_KEEP_DONE_DAYS)
    ).delete()
    Job.objects.filter(
        status=JobStatus.FAILED, finished_at__lt=now - timedelta(days=settings.TASKS_KEEP_FAILED_DAYS)
    ).delete()
    WorkerHeartbeat.objects.filter(last_seen__lt=now - timedelta(days=1)).delete()
