"""The one task interface: register plain functions as tasks, enqueue them, schedule them.

    @task(name="mail.send")
    def send_mail(subject: str, body: str, to: list[str]) -> None: ...

    enqueue(send_mail, organisation=org, subject=..., body=..., to=[...])

Keyword arguments are stored as JSON: pass ids, never model instances. Whatever happens to a job, its
`Job` row says so; a job that fails is retried with back-off, then recorded as failed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from importlib import import_module
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from rashinban.orgs.versions import bump
from rashinban.tasks.models import Job, JobStatus

logger = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


class PermanentError(Exception):
    """Raise from a task when trying again cannot help (an address the mail server refuses): no retry."""


@dataclass(frozen=True)
class Task:
    name: str
    func: Callable[..., Any]
    max_attempts: int
    title: str  # a lazy translation, shown to owners next to a failure
    every: timedelta | None = None


REGISTRY: dict[str, Task] = {}


def task(name: str, *, max_attempts: int = 5, title: str = "") -> Callable[[F], F]:
    """Register a plain function as a task; the function itself stays callable as before."""

    def register(func: F) -> F:
        _register(Task(name, func, max_attempts, title or name))
        func.task_name = name  # type: ignore[attr-defined]
        return func

    return register


def periodic(every: timedelta, *, name: str, max_attempts: int = 3, title: str = "") -> Callable[[F], F]:
    """Register a task that the workers enqueue once every `every` (once in all, however many workers run)."""

    def register(func: F) -> F:
        _register(Task(name, func, max_attempts, title or name, every=every))
        func.task_name = name  # type: ignore[attr-defined]
        return func

    return register


def _register(new: Task) -> None:
    known = REGISTRY.get(new.name)
    if known is not None and known.func.__qualname__ != new.func.__qualname__:
        raise ValueError(f"two tasks are named {new.name!r}")
    REGISTRY[new.name] = new


def discover_tasks() -> None:
    """Import every module that defines tasks: ours, each capability's `jobs.py`, and TASKS_IMPORTS."""
    import_module("rashinban.tasks.mail")
    import_module("rashinban.tasks.maintenance")
    autodiscover_modules("jobs")
    for module in settings.TASKS_IMPORTS:
        import_module(module)


def task_name(name_or_func: str | Callable[..., Any]) -> str:
    name = name_or_func if isinstance(name_or_func, str) else getattr(name_or_func, "task_name", None)
    if not name or name not in REGISTRY:
        raise ValueError(f"{name_or_func!r} is not a registered task")
    return name


def enqueue(
    name_or_func: str | Callable[..., Any],
    *,
    organisation: Any = None,
    delay: timedelta | None = None,
    **kwargs: Any,
) -> Job:
    """Record a job and hand it to the backend; inside a transaction the job exists only if it commits."""
    name = task_name(name_or_func)
    try:
        json.dumps(kwargs)
    except TypeError as error:
        raise TypeError(f"arguments of task {name} must be JSON values (pass ids, not objects): {error}") from None
    job = Job.objects.create(
        name=name,
        kwargs=kwargs,
        organisation=organisation,
        max_attempts=REGISTRY[name].max_attempts,
        run_at=timezone.now() + (delay or timedelta()),
    )
    dispatch(job)
    return job


def retry_job(job: Job) -> bool:
    """Give a failed job a fresh set of attempts (the owner's "retry" button); False if it was not failed."""
    updated = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED,
        attempts=0,
        run_at=timezone.now(),
        last_error="",
        finished_at=None,
        locked_by="",
        locked_until=None,
    )
    if updated:
        job.refresh_from_db()
        bump(job.organisation_id)
        dispatch(job)
    return bool(updated)


def dispatch(job: Job) -> None:
    """Tell the backend a job is waiting. The database backend needs nothing: its workers poll the table."""
    if settings.TASKS_EAGER:
        from rashinban.tasks.runner import run_now

        run_now(job)
        job.refresh_from_db()
    elif settings.TASKS_BACKEND == "redis":
        from rashinban.tasks.redis_backend import send_safely

        # After commit: a worker must never receive the id of a job that is not (yet) in the table.
        transaction.on_commit(partial(send_safely, job.pk, job.run_at))
