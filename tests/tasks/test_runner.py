"""The runner's rules, without a worker: back-off, eager mode, errors that keep no secret."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail

from rashinban.tasks.api import enqueue
from rashinban.tasks.mail import queue_mail
from rashinban.tasks.models import Job, JobStatus
from rashinban.tasks.runner import backoff, describe_exception, run_pending


def test_back_off_doubles_and_is_capped(settings):
    settings.TASKS_RETRY_BASE_SECONDS = 30
    settings.TASKS_RETRY_MAX_SECONDS = 3600
    assert [backoff(n).total_seconds() for n in range(1, 5)] == [30, 60, 120, 240]
    assert backoff(20) == timedelta(hours=1)


def test_eager_mode_still_goes_through_a_job_row(db, org_a):
    job = queue_mail("Hello", "a link that works as a password", ["x@a.example"], organisation=org_a)

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["x@a.example"]
    job.refresh_from_db()
    assert (job.status, job.attempts, job.kwargs) == (JobStatus.DONE, 1, {})


def test_run_pending_runs_due_jobs_in_process(db, settings, tmp_path):
    settings.TASKS_EAGER = False
    now = enqueue("tests.record", path=str(tmp_path / "now"))
    later = enqueue("tests.record", delay=timedelta(hours=1), path=str(tmp_path / "later"))

    assert run_pending() == 1
    assert Job.objects.get(pk=now.pk).status == JobStatus.DONE
    assert Job.objects.get(pk=later.pk).status == JobStatus.QUEUED


def test_stored_errors_keep_no_password(settings):
    settings.EMAIL_HOST_PASSWORD = "hunter2-smtp"
    error = ConnectionError(
        "login hunter2-smtp failed at redis://:r3d1s-pass@10.0.0.1:6379/0 and postgres://app:pg-pass@db/rashinban"
    )

    text = describe_exception(error)

    assert text.startswith("ConnectionError: ")
    for secret in ("hunter2-smtp", "r3d1s-pass", "pg-pass"):
        assert secret not in text
    assert len(describe_exception(RuntimeError("x" * 5000))) == 500
