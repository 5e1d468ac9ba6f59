"""Periodic tasks: each worker looks for due schedules, and exactly one of them enqueues each run."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from rashinban.tasks.api import REGISTRY, enqueue
from rashinban.tasks.models import Schedule


def claim_slot(name: str, every: timedelta, now: datetime | None = None) -> bool:
    """True for the one caller that moves `name`'s next run forward; everyone else gets False."""
    now = now or timezone.now()
    schedule = Schedule.objects.filter(name=name).first()
    if schedule is None:
        try:
            with transaction.atomic():
                # A new schedule is due at once: a fresh install runs its periodic work on the first start.
                schedule = Schedule.objects.create(name=name, next_run_at=now)
        except IntegrityError:  # another worker created it this instant
            schedule = Schedule.objects.get(name=name)
    if schedule.next_run_at > now:
        return False
    following = schedule.next_run_at + every
    if following <= now:  # the workers were down for a while: run once now, don't catch up every missed run
        following = now + every
    # Conditional on the value we read: of several workers, only the first UPDATE matches.
    return bool(Schedule.objects.filter(pk=schedule.pk, next_run_at=schedule.next_run_at).update(next_run_at=following))


def enqueue_due_schedules(now: datetime | None = None) -> list[str]:
    """Enqueue every periodic task that is due; returns the names enqueued by this call."""
    enqueued = []
    for task in list(REGISTRY.values()):
        if task.every is None:
            continue
        with transaction.atomic():
            # Slot and job commit together: a crash between them cannot skip a run.
            if claim_slot(task.name, task.every, now):
                enqueue(task.name)
                enqueued.append(task.name)
    return enqueued
