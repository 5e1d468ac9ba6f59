"""Production serving as docs/deploy.md describes it: gunicorn with DEBUG off serves pages, static files
(through WhiteNoise, without collectstatic) and the health check."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import rashinban

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
RASHINBAN = str(Path(sys.executable).with_name("rashinban"))
APP_CSS = Path(rashinban.__file__).parent / "static" / "css" / "app.css"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_gunicorn_serves_a_page_a_static_file_and_the_health_check(tmp_path: Path) -> None:
    drop = {"DATABASE_URL", "DEBUG", "LC_ALL", "LANGUAGE", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(RASHINBAN_DATA_DIR=str(tmp_path), ALLOWED_HOSTS="127.0.0.1", SECRET_KEY="x" * 50, LANG="C")
    subprocess.run([RASHINBAN, "migrate"], env=env, check=True, capture_output=True, timeout=120)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [GUNICORN, "rashinban.config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--access-logfile", "-"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90  # a start-up, not a speed test: a loaded CI machine is slow
        while True:
            assert server.poll() is None, server.communicate()[0]
            try:
                status, _headers, body = fetch(f"{base}/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer within 90 s"
                time.sleep(0.2)
        assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok"})

        status, headers, body = fetch(f"{base}/login/")
        assert status == 200 and b"<form" in body
        assert "Content-Security-Policy" in headers

        status, headers, body = fetch(f"{base}/static/css/app.css")
        assert status == 200 and body == APP_CSS.read_bytes()
        assert headers["Content-Type"].startswith("text/css")

        status, _headers, _body = fetch(f"{base}/static/css/missing.css")
        assert status == 404
    finally:
        server.terminate()
        server.communicate(timeout=30)
