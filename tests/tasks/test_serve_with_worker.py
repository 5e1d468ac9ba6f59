"""`rashinban serve --with-worker` (what `make run` uses) runs a worker beside the server and stops it with it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.tasks.conftest import INHERITED, PYTHONPATH, RASHINBAN, wait_for


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead too: it only waits for its parent to read its exit status.
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(")")[-1].split()[0] == "Z")


def worker_pids(database: Path) -> list[int]:
    if not database.exists():
        return []
    with sqlite3.connect(database) as db:
        try:
            return [pid for (pid,) in db.execute("SELECT pid FROM tasks_workerheartbeat")]
        except sqlite3.OperationalError:
            return []


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def test_serve_with_worker_starts_and_stops_a_worker(tmp_path):
    env = {k: v for k, v in os.environ.items() if k in INHERITED}
    env.update(RASHINBAN_DATA_DIR=str(tmp_path), LANG="C", TASKS_POLL_SECONDS="0.1", PYTHONPATH=PYTHONPATH)
    subprocess.run([RASHINBAN, "migrate"], env=env, check=True, capture_output=True)
    from tests.tasks.test_refused_mail_is_a_visible_failure import free_port

    port = free_port()
    server = subprocess.Popen(
        [RASHINBAN, "serve", "--port", str(port), "--with-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        pids = wait_for(lambda: worker_pids(tmp_path / "rashinban.sqlite3"), what="the worker's heartbeat")
        worker = pids[0]
        assert worker != server.pid and alive(worker)
        wait_for(lambda: healthy(port), what="the server")

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0

        deadline = time.monotonic() + 10
        while alive(worker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(worker), "the worker outlived the server"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
