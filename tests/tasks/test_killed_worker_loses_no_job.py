"""kill -9 a worker in the middle of a job: a worker started afterwards completes it. Nothing is lost."""

from __future__ import annotations

import signal
import time

import pytest

from rashinban.tasks.api import enqueue
from rashinban.tasks.models import Job, JobStatus
from tests.tasks import sample_jobs
from tests.tasks.conftest import LEASE_SECONDS, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
TASK_SECONDS = 3.0


def test_job_of_a_killed_worker_is_completed_by_the_next_worker(backend, workers, tmp_path, capsys):
    trace = tmp_path / "trace"
    job = enqueue(sample_jobs.hold, path=str(trace), seconds=TASK_SECONDS)
    first = workers.start()
    wait_for(lambda: sample_jobs.lines(trace), what="the job to start", workers=workers)

    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed_at = time.time()
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING  # the row still says so; nobody finished it

    second = workers.start()
    wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.DONE, timeout=60, what="recovery", workers=workers)

    runs = sample_jobs.lines(trace)
    assert [(run[0], int(run[1])) for run in runs] == [
        ("start", first.pid),
        ("start", second.pid),
        ("done", second.pid),
    ]
    job.refresh_from_db()
    assert job.attempts == 2  # the killed attempt counts: a task that kills its worker cannot loop forever
    restarted_after = float(runs[1][2]) - killed_at
    with capsys.disabled():
        print(
            f"\n[{backend.name}] lease {LEASE_SECONDS} s: the job started again {restarted_after:.1f} s after kill -9"
        )
    assert restarted_after < LEASE_SECONDS + 10


def test_a_job_that_keeps_killing_its_worker_ends_as_failed(backend, workers, tmp_path):
    trace = tmp_path / "trace"
    job = enqueue(sample_jobs.hold, path=str(trace), seconds=60)  # max_attempts=3
    for attempt in range(1, 4):
        worker = workers.start()
        wait_for(
            lambda n=attempt: len(sample_jobs.lines(trace)) == n, timeout=60, what=f"attempt {attempt}", workers=workers
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)

    workers.start()
    wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.FAILED, timeout=60, what="failure", workers=workers)
    job.refresh_from_db()
    assert job.last_error.startswith("WorkerLost:")
    assert len(sample_jobs.lines(trace)) == 3
