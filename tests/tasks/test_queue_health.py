"""`/healthz` checks the queue when REDIS_URL is set; `rashinban doctor` reports backend, counts, heartbeat."""

from __future__ import annotations

import pytest
from django.utils import timezone

from rashinban.config.doctor import _check_queue
from rashinban.tasks.models import Job, WorkerHeartbeat
from tests.tasks.conftest import REDIS_URL, require_redis

UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def _english_doctor(monkeypatch):
    monkeypatch.setenv("RASHINBAN_LANG", "en")  # the doctor speaks the locale's language


def use_redis(settings, url: str) -> None:
    settings.REDIS_URL = url
    settings.TASKS_BACKEND = "redis"


def doctor_lines() -> tuple[int, list[str]]:
    lines: list[str] = []
    return _check_queue(lines.append), lines


@pytest.mark.django_db
def test_healthz_without_redis_checks_the_database_only(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_checks_a_reachable_redis(client, settings):
    require_redis()
    use_redis(settings, REDIS_URL)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok", "queue": "ok"}


@pytest.mark.django_db
def test_healthz_names_an_unreachable_queue(client, settings):
    use_redis(settings, UNREACHABLE)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "queue": "error"}


def test_doctor_reports_the_database_queue(db):
    WorkerHeartbeat.objects.create(worker_id="w", backend="db", hostname="h", pid=1, last_seen=timezone.now())
    Job.objects.create(name="mail.send", status="failed")

    problems, lines = doctor_lines()

    assert problems == 0
    assert lines[0].startswith("ok   worker queue: database table, 0 queued, 1 failed, last worker heartbeat")


def test_doctor_flags_queued_work_without_a_worker(db):
    Job.objects.create(name="mail.send")

    problems, lines = doctor_lines()

    assert problems == 1 and lines[0].startswith("!") and "rashinban worker" in lines[0]


def test_doctor_flags_an_unreachable_redis(db, settings):
    use_redis(settings, UNREACHABLE)
    problems, lines = doctor_lines()
    assert problems == 1 and "unreachable (ConnectionError)" in lines[0] and "127.0.0.1:1" not in lines[0]


def test_doctor_reports_a_reachable_redis(db, settings):
    require_redis()
    use_redis(settings, REDIS_URL)
    problems, lines = doctor_lines()
    assert problems == 0 and lines[0].startswith("ok   worker queue: Redis (Dramatiq), 0 queued, 0 failed")
