"""The visible record of background work: jobs, schedules and worker heartbeats.

A `Job` row is the truth for both backends: with the database backend it *is* the queue; with Redis,
Dramatiq only carries the job id and the actor updates the row, so owners see failures the same way.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class JobStatus(models.TextChoices):
    QUEUED = "queued", "queued"
    RUNNING = "running", "running"
    DONE = "done", "done"
    FAILED = "failed", "failed"


class Job(models.Model):
    """One run of a task, retried with back-off until it is done or has failed `max_attempts` times."""

    # Queue bookkeeping; a job that fails for good raises the version itself (runner._fail, orgs/versions.py).
    raises_org_version = False

    name = models.CharField(max_length=100)
    kwargs = models.JSONField(default=dict, blank=True)
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=5)
    run_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    locked_by = models.CharField(max_length=100, blank=True)
    # The exception's class and a scrubbed message; never a password, token or mail body.
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "run_at"], name="tasks_job_due"),
            models.Index(fields=["organisation", "status"], name="tasks_job_org_status"),
        ]

    def __str__(self) -> str:
        return f"{self.name}#{self.pk} ({self.status})"


class Schedule(models.Model):
    """When a periodic task is next due; several workers agree through a conditional UPDATE of next_run_at."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.next_run_at:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    """A running worker says it is alive; `rashinban doctor` shows the latest one."""

    worker_id = models.CharField(max_length=100, unique=True)
    backend = models.CharField(max_length=10)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    concurrency = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.worker_id
