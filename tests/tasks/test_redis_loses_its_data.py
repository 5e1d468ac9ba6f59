"""Redis keeps nothing on disk: after it restarts empty, overdue jobs are sent again from the job table."""

from __future__ import annotations

from datetime import timedelta

import pytest
import redis
from django.utils import timezone

from rashinban.tasks.api import enqueue
from rashinban.tasks.models import Job, JobStatus
from rashinban.tasks.redis_backend import job_ids_in_redis, reconcile
from tests.tasks import sample_jobs
from tests.tasks.conftest import REDIS_URL, wait_for

# Only the Redis backend can lose messages: the database backend's queue is the job table itself.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.parametrize("backend", ["redis"], indirect=True)]


@pytest.fixture
def redis_backend(backend):
    return backend


def test_jobs_lost_by_redis_are_sent_again(redis_backend, workers, tmp_path, settings):
    job = enqueue(sample_jobs.record, path=str(tmp_path / "trace"))
    assert job_ids_in_redis() == {job.pk}
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(*client.scan_iter(f"{redis_backend.namespace}:*"))  # Redis restarted, empty
    assert job_ids_in_redis() == set()
    assert reconcile() == 0  # not overdue yet: its message may simply be on its way

    Job.objects.filter(pk=job.pk).update(
        run_at=timezone.now() - timedelta(seconds=settings.TASKS_RECONCILE_SECONDS + 1)
    )
    assert reconcile() == 1
    assert reconcile() == 0  # its message is back: no duplicate
    workers.start()

    wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.DONE, what="the resent job", workers=workers)
    assert [run[0] for run in sample_jobs.lines(tmp_path / "trace")] == ["start", "end"]


def test_enqueue_while_redis_is_down_keeps_the_job(redis_backend, settings, tmp_path):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there

    job = enqueue(sample_jobs.record, path=str(tmp_path / "trace"))  # the request does not fail

    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED  # and reconcile sends it once Redis is back
