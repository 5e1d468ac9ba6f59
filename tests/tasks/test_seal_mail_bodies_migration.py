"""Migration tasks 0002 seals the bodies of mail jobs that were waiting or had failed before bodies were sealed."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.core import mail

from rashinban.tasks.models import Job, JobStatus
from rashinban.tasks.runner import run_pending

migration = import_module("rashinban.tasks.migrations.0002_seal_mail_bodies")


def test_waiting_and_failed_bodies_are_sealed_and_still_send(db, org_a, settings):
    settings.TASKS_EAGER = False
    waiting = Job.objects.create(
        name="mail.send", organisation=org_a, kwargs={"subject": "s", "body": "link Tk-1", "to": ["a@a.example"]}
    )
    failed = Job.objects.create(
        name="mail.send",
        organisation=org_a,
        status=JobStatus.FAILED,
        kwargs={"subject": "s", "body": "link Tk-2", "to": ["b@a.example"]},
    )
    other = Job.objects.create(
        name="evidence.recheck", organisation=org_a, status=JobStatus.FAILED, kwargs={"body": "not a mail"}
    )

    migration.seal(apps, None)

    for job in (waiting, failed):
        job.refresh_from_db()
        assert "body" not in job.kwargs and "Tk-" not in str(job.kwargs) and job.kwargs["to"]
    other.refresh_from_db()
    assert other.kwargs == {"body": "not a mail"}  # only mail jobs
    assert run_pending() == 1
    assert [m.body for m in mail.outbox] == ["link Tk-1"]
