"""`rashinban worker`: runs tasks and schedules until told to stop (or, with --burst, until nothing is due).

The main thread keeps the heartbeat, renews the leases of running jobs and enqueues due periodic tasks;
`concurrency` threads run jobs: polled from the table (database backend) or delivered by Dramatiq (Redis).
SIGTERM or Ctrl-C: running jobs finish, nothing new starts; a second signal stops at once (the leases then
run out and other workers take the jobs over).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

from rashinban.i18n import _
from rashinban.tasks.models import Job, JobStatus, WorkerHeartbeat
from rashinban.tasks.runner import claim_next, due, execute, renew_leases, worker_id
from rashinban.tasks.schedules import claim_slot, enqueue_due_schedules

logger = logging.getLogger(__name__)
RECONCILE = "tasks.reconcile"


class Worker:
    def __init__(self, concurrency: int = 1, burst: bool = False, echo: Callable[[str], None] | None = None):
        self.concurrency = max(1, concurrency)
        self.burst = burst
        self.backend = settings.TASKS_BACKEND
        self.id = worker_id()
        self.stopping = threading.Event()
        self.echo = echo or (lambda _message: None)
        self._signals = 0

    # -- lifecycle -------------------------------------------------------------------------------------------

    def run(self) -> int:
        self._install_signal_handlers()
        self.beat()
        try:
            if self.backend == "redis":
                self._run_redis()
            else:
                self._run_database()
        finally:
            connections.close_all()
        return 0

    def stop(self) -> None:
        self.stopping.set()

    def _install_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return

        def handle(signum: int, _frame: object) -> None:
            self._signals += 1
            if self._signals > 1:
                os._exit(1)  # the leases run out and other workers take the running jobs over
            self.echo(
                _("Worker %(id)s: stopping after the running jobs; signal again to stop at once.") % {"id": self.id}
            )
            self.stop()

        signal.signal(signal.SIGTERM, handle)
        signal.signal(signal.SIGINT, handle)

    # -- the main thread's duties ----------------------------------------------------------------------------

    def tick(self) -> None:
        """Heartbeat, leases, schedules (and for Redis, overdue jobs): cheap, every poll interval."""
        close_old_connections()
        try:
            self.beat()
            renew_leases(self.id)
            if not self.stopping.is_set():
                enqueue_due_schedules()
                if self.backend == "redis" and claim_slot(
                    RECONCILE, timedelta(seconds=settings.TASKS_RECONCILE_SECONDS)
                ):
                    from rashinban.tasks.redis_backend import reconcile

                    reconcile()
        except Exception:  # noqa: BLE001 - a database or Redis hiccup must not end the worker
            logger.exception("worker %s: housekeeping failed; trying again", self.id)
            connections.close_all()

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.id,
            defaults={
                "backend": self.backend,
                "hostname": socket.gethostname(),
                "pid": os.getpid(),
                "concurrency": self.concurrency,
                "last_seen": timezone.now(),
            },
        )

    def _wait(self) -> None:
        self.stopping.wait(settings.TASKS_POLL_SECONDS)

    def _housekeeping_loop(self, busy: Callable[[], bool]) -> None:
        next_tick = 0.0
        interval = min(settings.TASKS_LEASE_SECONDS / 3, 5.0)
        while busy():
            if time.monotonic() >= next_tick:
                self.tick()
                next_tick = time.monotonic() + interval
            time.sleep(min(settings.TASKS_POLL_SECONDS, interval))

    # -- database backend ------------------------------------------------------------------------------------

    def _run_database(self) -> None:
        if self.burst:
            enqueue_due_schedules()
        threads = [
            threading.Thread(target=self._poll_jobs, name=f"job-{n}", daemon=True) for n in range(self.concurrency)
        ]
        for thread in threads:
            thread.start()
        self._housekeeping_loop(lambda: any(thread.is_alive() for thread in threads))

    def _poll_jobs(self) -> None:
        while not self.stopping.is_set():
            try:
                job = claim_next(self.id)
                if job is not None:
                    execute(job, self.id)
                    continue
            except Exception:  # noqa: BLE001 - the job keeps its lease and is taken over when it runs out
                logger.exception("worker %s: could not claim or record a job", self.id)
                connections.close_all()
            if self.burst:
                break
            self._wait()
        connections.close_all()

    # -- Redis backend ---------------------------------------------------------------------------------------

    def _run_redis(self) -> None:
        from rashinban.tasks.redis_backend import start_worker, stop_worker

        if self.burst:
            enqueue_due_schedules()
        dramatiq_worker = start_worker(self.concurrency)
        try:
            self._housekeeping_loop(self._redis_busy)
        finally:
            stop_worker(dramatiq_worker, timeout_seconds=settings.TASKS_LEASE_SECONDS)

    def _redis_busy(self) -> bool:
        if self.stopping.is_set():
            return False
        if not self.burst:
            return True
        # Burst: keep going while the table still has work that is due now (others may be running it too).
        return (
            Job.objects.filter(due(timezone.now())).exists()
            or Job.objects.filter(status=JobStatus.RUNNING, locked_by=self.id).exists()
        )


def run_worker(concurrency: int = 1, burst: bool = False, echo: Callable[[str], None] | None = None) -> int:
    worker = Worker(concurrency=concurrency, burst=burst, echo=echo)
    worker.echo(
        _("Worker %(id)s: backend %(backend)s, %(n)s thread(s).")
        % {"id": worker.id, "backend": worker.backend, "n": worker.concurrency}
    )
    return worker.run()


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_worker_process(concurrency: int = 1) -> subprocess.Popen[bytes]:
    """A worker beside the development server (`rashinban serve --with-worker`)."""
    return subprocess.Popen(
        [sys.executable, "-m", "rashinban.cli", "worker", "--concurrency", str(concurrency)],
        # Its own session: Ctrl-C in the terminal reaches the server only, which then stops the worker once,
        # gently; and if the server is killed outright, Linux stops the worker too.
        start_new_session=True,
        preexec_fn=_die_with_parent,  # noqa: PLW1509 - no threads have started in the server yet
    )


def stop_worker_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # running jobs finish; nothing new starts
    try:
        process.wait(timeout=settings.TASKS_LEASE_SECONDS + 5)
    except subprocess.TimeoutExpired:
        process.kill()  # the lease runs out and another worker takes the job over
        process.wait()
