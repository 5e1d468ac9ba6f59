"""The focused benchmarks `make bench` runs must still run after the code changes (a renamed model once broke
bench/planning.py without any test noticing). Small sizes: this checks that they work, not how fast (RASHINBAN_BENCH_SMOKE=1: a missed time target is printed,
not failed, since seconds on a loaded CI machine say nothing; query counts, refusals and precision still fail)."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each script makes its own SQLite database in a temporary folder whatever the suite's database is, so the
# PostgreSQL pass of `make test` would run the very same thing again: the SQLite pass runs them.
pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the scripts use their own SQLite database: run once, in the SQLite pass",
)


def bench_module(name: str) -> ModuleType:
    """A module of bench/ (they import each other by plain name, as when run as scripts)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(ROOT / "bench"))


@pytest.mark.parametrize(
    "script",
    [
        ["planning.py", "--kpis", "4", "--values", "3", "--initiatives", "2", "--repeat", "1"],
        ["nextsteps.py", "--scale", "3", "--repeat", "1"],
        ["report_pdf.py", "--repeat", "1"],
        ["evidence_accounts.py", "--rows", "500"],
        ["evidence_checks.py", "--passwords", "5", "--devices", "50"],
        ["limits.py", "--scale", "small"],
        ["evidence_collect.py", "--users", "300", "--graph-page", "50", "--google-page", "50"],
        ["drill_pages.py", "--events", "200,600", "--repeat", "1", "--target-ms", "10000"],
        ["drill_classify.py", "--people", "1000"],
        ["operations.py", "--sizes", "2,4", "--repeat", "1"],
        ["drill_events.py", "--recipients", "50", "--duration", "2"],
        ["drill_send.py", "--people", "60", "--rate", "360000"],
        ["realistic.py", "--orgs=12", "--duration=1", "--page-duration=1", "--warmup=0", "--output=r.json"],
        ["dmarc_reports.py", "--files", "30"],
    ],
    ids=lambda script: script[0],
)
def test_a_focused_benchmark_runs(script, tmp_path):
    # Each script makes its own SQLite database in a temporary folder; never the suite's database.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(RASHINBAN_DATA_DIR=str(tmp_path), RASHINBAN_BENCH_VAR=str(tmp_path), LANG="C", RASHINBAN_BENCH_SMOKE="1")
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script[0]), *script[1:]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    if script[0] == "realistic.py":
        # Every load says how near the machine's limit it ran: the server's CPU per request and the machine busy.
        rows = json.loads((tmp_path / "r.json").read_text())["rows"]
        assert {r["page"] for r in rows} >= {"mix", "visits", "healthz", "floor"}
        for row in rows:
            assert row["server_cpu_ms"] > 0 and 0 < row["machine_busy"] <= 1, row
        assert "machine " in result.stdout and " busy, server CPU " in result.stdout


def test_the_server_cost_of_a_load_is_computed_by_hand():
    """loadgen.server_cost against figures worked out by hand: the tenth session's mix, 20 s at 198.1 req/s on two
    cores at 100 ticks a second (3,962 requests; the server 1.53 + 0.19 + 0.04 cores = 3,520 ticks; the machine
    3,640 of 4,000 ticks busy): 3,520 / 100 s * 1000 / 3,962 = 8.884 ms a request, 91 % busy."""
    server_cost = bench_module("loadgen").server_cost
    assert server_cost(3520, 100, 3962, 3640, 4000) == {"server_cpu_ms": 8.88, "machine_busy": 0.91}
    # One request on a whole idle second of one core; a load that answered nothing divides by one, not zero.
    assert server_cost(100, 100, 1, 0, 200) == {"server_cpu_ms": 1000.0, "machine_busy": 0.0}
    assert server_cost(5, 100, 0, 0, 0) == {"server_cpu_ms": 50.0, "machine_busy": 0.0}


def test_the_mix_verdict_says_how_busy_the_machine_was(monkeypatch):
    """The served-rate verdict carries the machine's load beside the ceilings; an older results file without it
    still gives its verdicts."""
    monkeypatch.delenv("RASHINBAN_BENCH_SMOKE", raising=False)  # time targets enforced, as in `make bench`
    realistic = bench_module("realistic")

    def row(page, rps, p99, **extra):
        return {"database": "postgres", "page": page, "rps": rps, "p50_ms": 1.0, "p99_ms": p99, "errors": 0, **extra}

    pages = [row(f"uncached {page}", 50.0, 40.0) for page in realistic.MIX]
    rows = [
        row("mix", 198.1, 219.1, machine_busy=0.91, server_cpu_ms=8.88),
        row("visits", 204.0, 174.7),
        row("healthz", 1940.3, 22.5),
        row("floor", 948.3, 50.7),
        *pages,
    ]
    checks = {c["target"]: c["met"] for c in realistic.verdicts(rows, 200)}
    served = next(t for t in checks if t.startswith("mixed load, each request another company served"))
    assert checks[served] and "machine 91% busy, server CPU 8.88 ms a request" in served
    assert not checks["mixed load, each request another company p99 < 200 ms (219.1 ms)"]
    assert any(t.startswith("mixed load in visits served") and "load not measured" in t for t in checks)


def test_the_table_warns_of_a_disturbed_or_slowed_machine():
    """bench/loadgen.disturbance: other programs above 5 % of the CPU, or a row whose speed probe read more than a
    fifth above the fastest row's (the machine itself slower, which the `others` column cannot see)."""
    loadgen = bench_module("loadgen")
    disturbance, speed_probe = loadgen.disturbance, loadgen.speed_probe

    def row(others, probe):
        return {"others_cpu": others, "probe_ms": probe}

    assert disturbance([row(0.02, 34.0), row(0.05, 40.0)]) == []  # 40 / 34 = 1.18: within a fifth
    [other] = disturbance([row(0.06, 34.0), row(0.0, 34.0)])
    assert "other programs took up to 6%" in other
    [slow] = disturbance([row(0.0, 30.0), row(0.0, 45.0)])
    assert "up to 50% slower" in slow and "30.0-45.0 ms" in slow
    assert disturbance([{"others_cpu": 0.0}]) == []  # rows of an older results file have no probe
    assert speed_probe() > 0


def test_each_focused_verdict_carries_the_machines_speed(tmp_path):
    """bench/run.run_focused: a script's exit status is its verdict, and the verdict names the speed probe read just
    before and after it, so a focused figure taken on a slow minute says so (as the load rows' `probe ms` does)."""
    (tmp_path / "fine.py").write_text("import sys; sys.exit(0)\n")
    (tmp_path / "missed.py").write_text("import sys; sys.exit(1)\n")
    disturbance, run_focused = bench_module("loadgen").disturbance, bench_module("run").run_focused

    fine, missed = run_focused([("fine.py", "a target met"), ("missed.py --rows 3", "a target missed")], tmp_path)
    assert (fine["met"], fine["status"], missed["met"], missed["status"]) == (True, 0, False, 1)
    assert fine["probe_ms"] > 0 and "(bench/fine.py; probe " in fine["target"]
    assert missed["target"].startswith("a target missed (bench/missed.py --rows 3; probe ")
    # Verdicts have no `others` column: the table's warnings read their probes alone.
    slow = {**missed, "probe_ms": fine["probe_ms"] * 2}
    assert any("slower on some rows" in w for w in disturbance([fine, slow]))
    assert disturbance([fine, {**missed, "probe_ms": fine["probe_ms"]}]) == []


def test_the_served_product_reaches_postgresql_through_its_socket(tmp_path, monkeypatch):
    """bench/run.pg_server: the served product connects to PostgreSQL as docs/deploy.md connects an application on
    the database's machine (the server's Unix socket), over TCP only where there is no socket, and to whatever
    RASHINBAN_BENCH_PG_SERVER names; the URL is one Django's settings read as a socket folder."""
    import dj_database_url

    run = bench_module("run")
    monkeypatch.delenv("RASHINBAN_BENCH_PG_SERVER", raising=False)
    monkeypatch.setattr(run, "PG_SOCKET", tmp_path / "no such folder")
    assert run.pg_server() == run.PG_TCP == "postgres://postgres@127.0.0.1:5432"
    folder = tmp_path / "run postgresql"
    folder.mkdir()
    (folder / ".s.PGSQL.5432").touch()
    monkeypatch.setattr(run, "PG_SOCKET", folder)
    parsed = dj_database_url.parse(run.pg_server() + "/rashinban_bench")
    where = (parsed["HOST"], parsed["PORT"], parsed["USER"], parsed["NAME"])
    assert where == (str(folder), "", "postgres", "rashinban_bench")
    monkeypatch.setenv("RASHINBAN_BENCH_PG_SERVER", "postgres://someone@db.example:6543")
    assert run.pg_server() == "postgres://someone@db.example:6543"


@pytest.mark.skipif(not Path("/var/run/postgresql/.s.PGSQL.5432").exists(), reason="no PostgreSQL socket here")
def test_the_socket_url_connects(monkeypatch):
    """The URL the bench serves with reaches the machine's PostgreSQL through the socket (libpq reads the folder
    from the percent-encoded host), not through 127.0.0.1."""
    import psycopg

    run = bench_module("run")
    monkeypatch.delenv("RASHINBAN_BENCH_PG_SERVER", raising=False)
    with psycopg.connect(run.pg_server() + "/postgres", connect_timeout=3) as connection:
        assert connection.execute("SELECT inet_client_addr()").fetchone() == (None,)  # NULL: a Unix socket
        assert connection.info.host == "/var/run/postgresql"


@pytest.mark.parametrize(
    ("script", "bad", "option", "why"),
    [
        ("realistic.py", ["--rate", "-5"], "--rate", "must be at least 1: '-5'"),
        ("realistic.py", ["--duration", "0"], "--duration", "must be at least 1: '0'"),
        ("run.py", ["--workers", "-1"], "--workers", "must be at least 0: '-1'"),
        ("run.py", ["--orgs", "ten"], "--orgs", "not a number: 'ten'"),
        ("drill_send.py", ["--workers", "0"], "--workers", "must be at least 1: '0'"),
        ("nextsteps.py", ["--target-ms", "nan"], "--target-ms", "'nan'"),
        ("drill_pages.py", ["--target-ms", "0"], "--target-ms", "must be a finite number above 0: '0'"),
    ],
)
def test_a_script_refuses_a_number_it_cannot_measure_with(script, bad, option, why, tmp_path):
    """A negative rate once reached wrk as a traceback; a zero duration measured nothing. argparse's own refusal:
    exit status 2 and the option named, before anything is built or started."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(RASHINBAN_BENCH_VAR=str(tmp_path), LANG="C")
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *bad],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"argument {option}: " in result.stderr and why in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_the_number_types_accept_what_they_should():
    numbers = bench_module("bench_args")
    assert (numbers.positive("1"), numbers.positive("10000"), numbers.natural("0")) == (1, 10000, 0)
    assert numbers.positive_float("0.5") == 0.5
    for kind, text in ((numbers.positive, "0"), (numbers.positive, "1.5"), (numbers.natural, "-1"),
                       (numbers.positive_float, "-2"), (numbers.positive_float, "inf")):  # fmt: skip
        with pytest.raises(argparse.ArgumentTypeError):
            kind(text)
