"""A job enqueued by the web process is run by a separate worker, with either backend."""

from __future__ import annotations

import pytest

from rashinban.tasks.api import enqueue
from rashinban.tasks.models import Job, JobStatus, WorkerHeartbeat
from tests.tasks import sample_jobs
from tests.tasks.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_runs_an_enqueued_job_and_records_it(backend, workers, tmp_path):
    trace = tmp_path / "trace"
    job = enqueue(sample_jobs.record, path=str(trace))
    assert job.status == JobStatus.QUEUED and not trace.exists()  # nothing ran in this process

    worker = workers.start("--concurrency", "1")
    wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.DONE, what="the job to be done", workers=workers)

    job.refresh_from_db()
    assert job.attempts == 1 and job.finished_at is not None and job.last_error == ""
    assert job.kwargs == {}  # arguments are dropped once done: they may hold links that work as credentials
    runs = sample_jobs.lines(trace)
    assert [run[0] for run in runs] == ["start", "end"]
    assert int(runs[0][1]) == worker.pid
    beat = WorkerHeartbeat.objects.get(pid=worker.pid)
    assert beat.backend == backend.name


def test_delayed_job_waits_for_its_time(backend, workers, tmp_path):
    from datetime import timedelta

    trace = tmp_path / "trace"
    job = enqueue("tests.record", delay=timedelta(seconds=1.5), path=str(trace))
    workers.start()

    wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.DONE, what="the delayed job", workers=workers)
    started = float(sample_jobs.lines(trace)[0][2])
    assert started >= job.run_at.timestamp()


def test_burst_worker_runs_what_is_due_and_exits(backend, workers, tmp_path):
    jobs = [enqueue(sample_jobs.record, path=str(tmp_path / f"trace-{n}")) for n in range(3)]

    worker = workers.start("--burst")
    assert worker.wait(timeout=60) == 0, workers.output()

    assert all(Job.objects.get(pk=job.pk).status == JobStatus.DONE for job in jobs)
