"""The Redis backend: Dramatiq carries job ids between machines; the `Job` row stays the record.

Dramatiq acknowledges a message only after the actor returns and gives the unacknowledged messages of a
worker whose heartbeat stopped to the others, so a killed worker loses nothing. Our actor claims the job
row with the same lease as the database backend, so a duplicate delivery never runs a job twice at once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import lru_cache

import dramatiq
import redis
from django.conf import settings
from django.db import close_old_connections, connections
from django.db.models import Q
from django.utils import timezone
from dramatiq.brokers.redis import RedisBroker
from dramatiq.common import dq_name

from rashinban.tasks.models import Job, JobStatus
from rashinban.tasks.runner import run_by_id, worker_id

logger = logging.getLogger(__name__)
QUEUE = "rashinban"
ACTOR = "rashinban_job"


def _client(url: str, timeout: float) -> redis.Redis:
    # Timeouts, so that a web request enqueueing a mail never hangs on an unreachable Redis.
    return redis.Redis.from_url(
        url, socket_connect_timeout=timeout, socket_timeout=timeout * 5, health_check_interval=30
    )


@lru_cache(maxsize=8)
def _broker(url: str, namespace: str, heartbeat_ms: int, maintenance_chance: int) -> tuple[RedisBroker, dramatiq.Actor]:
    broker = RedisBroker(
        client=_client(url, 2),
        namespace=namespace,
        heartbeat_timeout=heartbeat_ms,
        maintenance_chance=maintenance_chance,
    )
    actor = dramatiq.actor(
        _deliver,
        broker=broker,
        actor_name=ACTOR,
        queue_name=QUEUE,
        # Dramatiq's own retries only cover failures around the job (the database unreachable, say);
        # a failing task is retried by our runner, with the back-off both backends share.
        max_retries=20,
        min_backoff=1_000,
        max_backoff=300_000,
        time_limit=int(settings.TASKS_TIME_LIMIT_SECONDS * 1000),
    )
    return broker, actor


def broker_and_actor() -> tuple[RedisBroker, dramatiq.Actor]:
    return _broker(
        settings.REDIS_URL,
        settings.TASKS_REDIS_NAMESPACE,
        int(settings.TASKS_LEASE_SECONDS * 1000),
        settings.TASKS_REDIS_MAINTENANCE_CHANCE,
    )


def send(job_id: int, run_at: datetime) -> None:
    delay = int((run_at - timezone.now()).total_seconds() * 1000)
    broker_and_actor()[1].send_with_options(args=(job_id,), delay=delay if delay > 0 else None)


def send_safely(job_id: int, run_at: datetime) -> None:
    """Send after commit; if Redis is down the job stays queued in the table and `reconcile` sends it later."""
    try:
        send(job_id, run_at)
    except Exception as error:  # noqa: BLE001 - the request that enqueued must not fail for this
        logger.warning("job %s stays queued until Redis answers again (%s)", job_id, type(error).__name__)


def _deliver(job_id: int) -> None:
    """The Dramatiq actor: run one delivery of a job in this worker thread."""
    close_old_connections()
    try:
        outcome = run_by_id(job_id, worker_id())
    finally:
        connections.close_all()  # this thread's connections only; Dramatiq threads live long
    if outcome.retry_at is not None:
        send(job_id, outcome.retry_at)


def ping() -> str | None:
    """None when Redis answers, else the kind of error (never the URL: it may hold a password)."""
    try:
        _client(settings.REDIS_URL, 1).ping()
    except Exception as error:  # noqa: BLE001 - any failure means unreachable
        return type(error).__name__
    return None


def job_ids_in_redis() -> set[int]:
    """Ids of every job that has a message in Redis (waiting, delayed or being worked on)."""
    broker, _actor = broker_and_actor()
    ids = set()
    for queue in (QUEUE, dq_name(QUEUE)):
        for data in broker.client.hvals(f"{broker.namespace}:{queue}.msgs"):
            try:
                ids.add(int(dramatiq.Message.decode(data).args[0]))
            except Exception:  # noqa: BLE001, S112 - a message that is not ours is not our business
                continue
    return ids


def reconcile(now: datetime | None = None) -> int:
    """Send again every overdue job that has no message in Redis (Redis restarted, a send failed)."""
    now = now or timezone.now()
    grace = now - timedelta(seconds=settings.TASKS_RECONCILE_SECONDS)
    overdue = list(
        Job.objects.filter(
            Q(status=JobStatus.QUEUED, run_at__lt=grace) | Q(status=JobStatus.RUNNING, locked_until__lt=now)
        ).values_list("pk", flat=True)[:10_000]
    )
    if not overdue:
        return 0
    present = job_ids_in_redis()
    missing = [pk for pk in overdue if pk not in present]
    for pk in missing:
        send(pk, now)
    if missing:
        logger.warning("sent %s overdue jobs to Redis again", len(missing))
    return len(missing)


def start_worker(concurrency: int) -> dramatiq.Worker:
    broker, _actor = broker_and_actor()
    broker.emit_after("process_boot")  # starts the time-limit watchdog
    worker = dramatiq.Worker(
        broker,
        queues={QUEUE},
        worker_threads=concurrency,
        worker_timeout=max(int(settings.TASKS_POLL_SECONDS * 1000), 100),
    )
    worker.start()
    return worker


def stop_worker(worker: dramatiq.Worker, timeout_seconds: float) -> None:
    """Let running actors finish; messages prefetched but not started go back to Redis."""
    worker.stop(timeout=int(timeout_seconds * 1000))
