"""A failing task is retried with growing delays, then recorded as failed and shown to the owner."""

from __future__ import annotations

import pytest
from django.utils import translation

from rashinban.tasks.api import enqueue
from rashinban.tasks.models import Job, JobStatus
from rashinban.tasks.status import describe_failure
from tests.conftest import login
from tests.tasks import sample_jobs
from tests.tasks.conftest import RETRY_BASE_SECONDS, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_failing_task_is_retried_with_back_off_then_failed(backend, workers, tmp_path, org_a):
    trace = tmp_path / "trace"
    job = enqueue(sample_jobs.fail, organisation=org_a, path=str(trace))
    workers.start()

    wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.FAILED, what="the job to fail", workers=workers)

    job.refresh_from_db()
    assert job.attempts == job.max_attempts == 4
    assert job.last_error == "RuntimeError: this task always fails"
    assert job.kwargs == {"path": str(trace)}  # kept, so that "retry" can run it again
    times = [float(run[2]) for run in sample_jobs.lines(trace)]
    assert len(times) == 4
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    # 0.3 s, 0.6 s, 1.2 s: each wait at least the back-off, so the delays grow.
    for n, gap in enumerate(gaps):
        assert gap >= RETRY_BASE_SECONDS * 2**n - 0.05, gaps


def test_failed_job_of_a_company_shows_on_its_owners_dashboard(backend, workers, tmp_path, org_a, alice, bob, client):
    job = enqueue(sample_jobs.fail, organisation=org_a, path=str(tmp_path / "trace"))
    workers.start()
    wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.FAILED, what="the job to fail", workers=workers)
    job.refresh_from_db()

    page = login(client, alice).get(f"/o/{org_a.id}/").content.decode()
    assert 'id="task-failures"' in page
    with translation.override("ja"):
        assert describe_failure(job.name, job.last_error) in page
    assert f"/o/{org_a.id}/jobs/{job.pk}/retry/" in page

    client.logout()
    assert 'id="task-failures"' not in login(client, bob).get(f"/o/{org_a.id}/").content.decode()  # owners only
