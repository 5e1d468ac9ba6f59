"""Several workers share the jobs: each job runs once, never in two workers at the same time."""

from __future__ import annotations

from collections import Counter

import pytest

from rashinban.tasks.api import enqueue
from rashinban.tasks.models import Job, JobStatus
from tests.tasks import sample_jobs
from tests.tasks.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)
JOBS = 40


def test_two_workers_share_the_jobs_and_run_each_once(backend, workers, tmp_path):
    traces = [tmp_path / f"job-{n}" for n in range(JOBS)]
    jobs = [enqueue(sample_jobs.record, path=str(trace), seconds=0.05) for trace in traces]
    first, second = workers.start("--concurrency", "2"), workers.start("--concurrency", "2")

    wait_for(
        lambda: Job.objects.filter(pk__in=[j.pk for j in jobs], status=JobStatus.DONE).count() == JOBS,
        timeout=120,
        what="all jobs done",
        workers=workers,
    )

    ran_by = Counter()
    for trace in traces:
        runs = sample_jobs.lines(trace)
        assert [run[0] for run in runs] == ["start", "end"], (trace.name, runs)  # exactly one run
        ran_by[int(runs[0][1])] += 1
    assert set(ran_by) <= {first.pid, second.pid}
    assert len(ran_by) == 2, f"one worker did all the work: {ran_by}"
    assert set(Job.objects.filter(pk__in=[j.pk for j in jobs]).values_list("attempts", flat=True)) == {1}
