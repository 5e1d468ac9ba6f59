"""Real workers against the test database: each backend ("db", and "redis" when Redis answers).

Workers are subprocesses of `rashinban worker`, so killing one is a real kill -9. Redis is required when
CI=true; on a bare machine its cases are skipped and say why.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

from tests.services import in_ci, reachable

REPO = Path(__file__).resolve().parents[2]
RASHINBAN = str(Path(sys.executable).with_name("rashinban"))
REDIS_URL = "redis://127.0.0.1:6379/0"
INHERITED = {"PATH", "HOME", "TMPDIR", "SYSTEMROOT"}
# This checkout's code (whatever the venv has installed) and its tests package, for the sample tasks.
PYTHONPATH = os.pathsep.join([str(REPO / "src"), str(REPO)])

# Short enough that a test sees leases run out and retries happen, long enough for a slow CI machine.
LEASE_SECONDS = 2.0
RETRY_BASE_SECONDS = 0.3
POLL_SECONDS = 0.1

# Imported here too, so that the test process knows the same task names as its workers.
import tests.tasks.sample_jobs  # noqa: E402, F401


def require_redis() -> None:
    if reachable("127.0.0.1", 6379):
        return
    if in_ci():
        pytest.fail("CI=true but Redis at 127.0.0.1:6379 is unreachable")
    pytest.skip("Redis at 127.0.0.1:6379 is unreachable: the Redis backend is not tested here")


def database_url() -> str:
    """The test database, for worker subprocesses (a file for SQLite: see tests/conftest.py)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        assert db["NAME"] != ":memory:" and "mode=memory" not in str(db["NAME"]), "the SQLite test DB must be a file"
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Backend:
    name: str
    env: dict[str, str]
    namespace: str = ""


@pytest.fixture(params=["db", "redis"])
def backend(request, settings, tmp_path) -> Iterator[Backend]:
    """Settings for this process and its workers: no eager mode, short leases and back-off."""
    name = request.param
    namespace = f"rashinban-test-{uuid.uuid4().hex[:12]}" if name == "redis" else ""
    if name == "redis":
        require_redis()
    values = {
        "TASKS_LEASE_SECONDS": LEASE_SECONDS,
        "TASKS_RETRY_BASE_SECONDS": RETRY_BASE_SECONDS,
        "TASKS_POLL_SECONDS": POLL_SECONDS,
        # Look for dead workers' messages on every Redis command instead of 2 % of them.
        "TASKS_REDIS_MAINTENANCE_CHANCE": 1_000_000,
        "TASKS_REDIS_NAMESPACE": namespace or "unused",
        "REDIS_URL": REDIS_URL if name == "redis" else "",
    }
    settings.TASKS_EAGER = False
    settings.TASKS_BACKEND = name
    for key, value in values.items():
        setattr(settings, key, value)
    env = {key: str(value) for key, value in values.items()}
    env["TASKS_IMPORTS"] = "tests.tasks.sample_jobs"
    # Web and workers share SECRET_KEY, as docs/deploy.md asks: queued mail bodies are sealed with it.
    env["SECRET_KEY"] = settings.SECRET_KEY
    yield Backend(name, env, namespace)
    if name == "redis":
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{namespace}:*"))
        if keys:
            client.delete(*keys)


@dataclass
class Workers:
    """Starts `rashinban worker` subprocesses and makes sure none outlives the test."""

    backend: Backend
    logs: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, *args: str, **env: str) -> subprocess.Popen[bytes]:
        environment = {k: v for k, v in os.environ.items() if k in INHERITED}
        environment.update(
            DATABASE_URL=database_url(),
            RASHINBAN_DATA_DIR=str(self.logs),
            PYTHONPATH=PYTHONPATH,
            LANG="C",
            **self.backend.env,
            **self.extra_env,
            **env,
        )
        log = open(self.logs / f"worker-{len(self.started)}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [RASHINBAN, "worker", *args], env=environment, stdout=log, stderr=subprocess.STDOUT, cwd=REPO
        )
        self.started.append(process)
        return process

    def output(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.logs.glob("worker-*.log")))

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def workers(backend, tmp_path) -> Iterator[Workers]:
    logs = tmp_path / "workers"
    logs.mkdir()
    pool = Workers(backend, logs)
    yield pool
    pool.stop_all()


def wait_for(condition: Callable[[], object], timeout: float = 30, what: str = "", workers: Workers | None = None):
    """Poll until `condition()` is truthy; fail with the workers' output otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    logs = workers.output() if workers else ""
    pytest.fail(f"timed out after {timeout} s waiting for {what or condition}\n{logs}")
