"""A periodic task is enqueued once per period, however many workers look at the schedule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from rashinban.tasks.models import Job, JobStatus, Schedule
from rashinban.tasks.schedules import claim_slot, enqueue_due_schedules
from tests.concurrency import at_once
from tests.tasks.conftest import wait_for


@pytest.mark.django_db(transaction=True)
def test_two_workers_starting_together_enqueue_the_periodic_job_once(backend, workers):
    started = [workers.start("--burst"), workers.start("--burst")]
    for worker in started:
        assert worker.wait(timeout=60) == 0, workers.output()

    jobs = Job.objects.filter(name="tests.hourly")
    assert jobs.count() == 1
    wait_for(lambda: jobs.get().status == JobStatus.DONE, what="the periodic job", workers=workers)
    schedule = Schedule.objects.get(name="tests.hourly")
    assert timedelta(minutes=59) < schedule.next_run_at - jobs.get().created_at <= timedelta(hours=1, seconds=5)


@pytest.mark.django_db(transaction=True)
def test_racing_threads_claim_one_slot():
    now = timezone.now()
    Schedule.objects.create(name="race", next_run_at=now)
    wins, _errors = at_once(lambda: claim_slot("race", timedelta(hours=1), now), threads=4)

    assert sorted(wins) == [False, False, False, True]


def test_next_run_does_not_catch_up_missed_periods(db):
    now = timezone.now()
    Schedule.objects.create(name="tests.hourly", next_run_at=now - timedelta(days=3))

    assert "tests.hourly" in enqueue_due_schedules(now)
    assert "tests.hourly" not in enqueue_due_schedules(now)  # once, not 72 times
    assert Schedule.objects.get(name="tests.hourly").next_run_at == now + timedelta(hours=1)
