"""`make bench`: load-test the company dashboard and the diagnosis result under gunicorn, on SQLite and PostgreSQL.

For each database: make sure it holds at least --orgs generated companies (`rashinban demo --scale`, cached
between runs), sign in --sessions owners (bench/prepare.py), start gunicorn with DEBUG off, and let wrk
hold --connections connections open for --duration seconds against each page, spread over all those
owners' companies, and against /healthz as the ceiling. Prints a table and writes var/bench/results.json.

Exit status: 0 when every target is met, 1 when one is missed or a request failed, 2 when a tool is missing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from bench_args import natural, positive
from loadgen import PG_NAME, busy_elsewhere, disturbance, load, lua_script, speed_probe

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# RASHINBAN_BENCH_VAR: another folder for the data and results (the suite's smoke runs use a temporary one).
VAR = Path(os.environ.get("RASHINBAN_BENCH_VAR") or ROOT / "var" / "bench")
PG_TCP = "postgres://postgres@127.0.0.1:5432"
PG_SOCKET = Path("/var/run/postgresql")


def pg_server() -> str:
    """Where the served product reaches PostgreSQL: through the server's Unix socket when it has one, as
    docs/deploy.md connects an application on the database's machine (a tenth less CPU a request than TCP over
    the loopback, bench/README.md), else 127.0.0.1:5432; RASHINBAN_BENCH_PG_SERVER names another."""
    if os.environ.get("RASHINBAN_BENCH_PG_SERVER"):
        return os.environ["RASHINBAN_BENCH_PG_SERVER"]
    if (PG_SOCKET / ".s.PGSQL.5432").exists():
        return "postgres://postgres@" + quote(str(PG_SOCKET), safe="")
    return PG_TCP


PG_SERVER = pg_server()
CORES = os.cpu_count() or 1
PAGES = ("dashboard", "result", "floor", "healthz")
# Tuned on 2 cores (bench/README.md): more workers than this only add switching between them. PostgreSQL on
# the same machine does part of every request's work in its own processes, so it leaves one worker less.
WORKERS = {"sqlite": CORES + 1, "postgres": CORES}
# The goal this bench guards (see bench/README.md).
P99_LIMIT_MS = 100
SHARE_OF_HEALTH = 1 / 3


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--orgs", type=positive, default=10000, help="companies the database must hold (default 10000)")
    parser.add_argument("--sessions", type=positive, default=64, help="owners signed in, one company each (default 64)")
    parser.add_argument("--connections", type=positive, default=32)
    parser.add_argument("--duration", type=positive, default=15, help="seconds per page (default 15)")
    parser.add_argument("--warmup", type=natural, default=3, help="seconds of unmeasured load per page (default 3)")
    parser.add_argument("--repeat", type=positive, default=1, help="runs per page; the least disturbed one counts")
    parser.add_argument("--wrk-threads", type=positive, default=2)
    parser.add_argument(
        "--workers",
        type=natural,
        default=0,
        help="gunicorn workers (default: cores + 1 on SQLite, cores on PostgreSQL)",
    )
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=positive, default=1, help="threads per worker (gthread only)")
    parser.add_argument("--keep-postgres", action="store_true", help=f"keep the {PG_NAME} database for the next run")
    parser.add_argument(
        "--src", default="", help="serve the rashinban package from this src folder, e.g. an older commit's (A/B)"
    )
    parser.add_argument("--output", default=str(VAR / "results.json"), help="where to write the JSON")
    parser.add_argument("--port", type=natural, default=0, help="port for gunicorn (default: a free one)")
    parser.add_argument("--skip-focused", action="store_true", help="only the page load benchmark, not bench/*.py")
    parser.add_argument("--skip-realistic", action="store_true", help="not the realistic load (bench/realistic.py)")
    parser.add_argument("--rate", type=positive, default=200, help="requests/s of the realistic mix (default 200)")
    parser.add_argument(
        "--realistic-duration", type=positive, default=30, help="seconds of the realistic mix (default 30)"
    )
    return parser.parse_args(argv)


# The focused benchmarks, each its own script that prints its figures and exits 0 when its target is met,
# 2 when something it needs is missing (wrk, PostgreSQL), 1 otherwise.
FOCUSED = [
    ("report_pdf.py", "owner's report PDF of the demo company < 3 s"),
    ("peer_benchmark.py", "companies like yours over 100,000 diagnoses on PostgreSQL < 300 ms"),
    ("evidence_accounts.py", "accounts check of 100,000 rows < 2 s"),
    ("evidence_checks.py", "password meter p95 < 100 ms; 10,000-device inventory < 8 s"),
    ("evidence_collect.py", "10,000 users from loopback Graph and Admin SDK, throttled mid-way, < 10 s each"),
    ("planning.py", "plan pages: queries do not grow with the plan"),
    ("nextsteps.py", "ranking of next steps, every capability in use, < 50 ms; queries do not grow"),
    ("drill_events.py", "drill tracking >= 1,000 stored events/s on SQLite"),
    ("drill_pages.py", "drill results, list and exports < 300 ms at 20,000 and 200,000 events"),
    ("drill_classify.py", "drill classifier precision and recall over 10,000 people"),
    # A mail scanner opening every link of a 10,000-person drill within a minute is 167 hits/s: this holds
    # 1,000 hits/s over those 10,000 people's links for the minute, every hit stored (bench/README.md).
    (
        "drill_events.py --recipients 10000 --duration 60",
        "scanner burst over a 10,000-person drill: >= 1,000 stored hits/s",
    ),
    ("operations.py", "backup and restore linear in size, < 500 MB; advisor of 500: portfolio < 300 ms, export < 5 s"),
    ("drill_send.py", "drill to 10,000 people over SMTP at its configured rate, none twice, other jobs not held up"),
    ("dmarc_reports.py", "1,000 DMARC aggregate report files summarised < 10 s, peak memory recorded"),
]


def run_focused(scripts: list[tuple[str, str]] = FOCUSED, folder: Path = ROOT / "bench") -> list[dict]:
    """Run each focused script; its verdict carries the machine's speed just before and after it (speed_probe),
    as the load rows do: a figure taken while the machine ran slower says so in the table."""
    results = []
    for script, target in scripts:
        print(f"== bench/{script}", flush=True)
        name, *options = script.split()  # a script and its options
        before = speed_probe()
        status = subprocess.run([sys.executable, str(folder / name), *options], check=False, cwd=ROOT).returncode
        after = speed_probe()
        results.append(
            {
                "database": "-",
                "target": f"{target} (bench/{script}; probe {before} / {after} ms)",
                "met": status == 0,
                "status": status,
                # The slower of the two readings: the script ran between them.
                "probe_ms": max(before, after),
            }
        )
    return results


def preflight() -> None:
    if shutil.which("wrk") is None:
        print("install wrk: apt-get install wrk")
        sys.exit(2)
    if nginx() is None:
        print("install nginx (the reverse proxy of docs/deploy.md): apt-get install nginx-light")
        sys.exit(2)
    if not (BIN / "gunicorn").exists():
        print("install gunicorn: make bench installs the project's dependencies (.venv/bin/pip install -e .)")
        sys.exit(2)


def environment(database: str, src: str = "") -> dict[str, str]:
    drop = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CONN_MAX_AGE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        RASHINBAN_DATA_DIR=str(VAR / database),
        LOG_LEVEL="WARNING",
        LANG="C",
        # The product's settings plus the bench-only /bench/floor/ page (bench/urls.py).
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=os.pathsep.join(p for p in (src, str(ROOT)) if p),
    )
    if database == "postgres":
        env["DATABASE_URL"] = f"{PG_SERVER}/{PG_NAME}"
    return env


def postgres(sql: str) -> bool:
    """Run one statement on the server's maintenance database; False if PostgreSQL cannot be reached."""
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as connection:
            connection.execute(sql)  # type: ignore[arg-type]
    except psycopg.Error:
        return False
    return True


def ensure_data(database: str, env: dict[str, str], orgs: int) -> None:
    run([str(BIN / "rashinban"), "migrate"], env)
    have = int(run([str(BIN / "python"), str(ROOT / "bench" / "prepare.py"), "count"], env).strip())
    if have >= orgs:
        print(f"  {database}: {have} companies already there, generation skipped")
        return
    print(f"  {database}: generating {orgs - have} companies (rashinban demo --scale)")
    started = time.monotonic()
    subprocess.run([str(BIN / "rashinban"), "demo", "--scale", str(orgs - have), "--seed", "1"], env=env, check=True)
    print(f"  {database}: generated in {time.monotonic() - started:.0f} s")


def run(command: list[str], env: dict[str, str]) -> str:
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True, cwd=ROOT).stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(
    args: argparse.Namespace, workers: int, env: dict[str, str], port: int, log: Path
) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"), "rashinban.config.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--worker-class", args.worker_class,
        "--backlog", "2048",
        "--error-logfile", str(log),
    ]  # fmt: skip
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    return answering(server, port, "gunicorn", log, 60)


def answering(process: subprocess.Popen, port: int, name: str, log: Path, seconds: float) -> subprocess.Popen:
    """`process` once it answers /healthz on `port`; the bench stops, naming `log`, if it ends or stays silent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} stopped at start; see {log}")
        try:
            if get(port, "/healthz", "")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.1)
    stop(process)
    sys.exit(f"{name} did not answer within {seconds:g} s; see {log}")


# The reverse proxy docs/deploy.md puts in front of gunicorn (its nginx example). gunicorn's sync workers are made
# to sit behind one that buffers each request ("the default sync workers are designed to run behind Nginx",
# gunicorn's FAQ): a worker that accepts a connection reads it until the request has come. A load generator that
# opens its next connection as soon as the last answer came, then waits for the request's time to send it (wrk
# with a Poisson schedule does), held the workers on connections with no request yet: at 150 requests/s, a fifth
# of the CPU idle and p50 106-108 ms directly, against 18-22 ms through nginx (bench/README.md, 2026-12-06).
NGINX_CONF = """worker_processes 1;
pid %(folder)s/nginx.pid;
error_log %(folder)s/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path %(folder)s/nginx-body;
  proxy_temp_path %(folder)s/nginx-proxy;
  fastcgi_temp_path %(folder)s/nginx-fastcgi;
  uwsgi_temp_path %(folder)s/nginx-uwsgi;
  scgi_temp_path %(folder)s/nginx-scgi;
  server {
    listen 127.0.0.1:%(port)d;
    location / {
      proxy_pass http://127.0.0.1:%(upstream)d;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
"""


def nginx() -> str | None:
    """The nginx program (Debian installs it in /usr/sbin, which a user's PATH may lack), or None."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def start_proxy(upstream: int, folder: Path) -> tuple[subprocess.Popen, int]:
    """nginx in front of the gunicorn on `upstream`, as docs/deploy.md deploys it: (the process, its port)."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF % {"folder": folder, "port": port, "upstream": upstream})
    proxy = subprocess.Popen([str(nginx()), "-c", str(conf), "-g", "daemon off;"], cwd=folder, start_new_session=True)
    return answering(proxy, port, "nginx", folder / "nginx-error.log", 30), port


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def get(port: int, path: str, cookie: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def check_pages(port: int, targets: list[dict]) -> None:
    """Every signed-in page answers 200 with its content before any load: a redirect would measure nothing."""
    for target in targets:
        for page, expected in (("dashboard", 'id="overall-score"'), ("result", 'id="overall-score"'), ("floor", "ok")):
            status, body = get(port, target[page], target["cookie"])
            if status != 200 or expected not in body:
                sys.exit(f"{target[page]} answered {status} without {expected!r}; the bench sessions do not work")


def bench_database(args: argparse.Namespace, database: str) -> list[dict]:
    env = environment(database)
    ensure_data(database, env, args.orgs)
    folder = VAR / database
    targets_file = folder / "targets.json"
    run(
        [str(BIN / "python"), str(ROOT / "bench" / "prepare.py"), "sessions", str(args.sessions), str(targets_file)],
        env,
    )
    targets = json.loads(targets_file.read_text())
    port = args.port or free_port()
    workers = args.workers or WORKERS[database]
    server_env = environment(database, str(Path(args.src).resolve())) if args.src else env
    server = start_gunicorn(args, workers, server_env, port, folder / "gunicorn.log")
    rows = []
    try:
        check_pages(port, targets)
        for page in PAGES:
            pairs = [("/healthz", "")] if page == "healthz" else [(t[page], t["cookie"]) for t in targets]
            script = lua_script(pairs, folder / f"{page}.lua")
            if args.warmup:
                load(args, port, script, args.warmup, server.pid)
            runs = [load(args, port, script, args.duration, server.pid) for _ in range(args.repeat)]
            # On a shared machine: keep the run other programs disturbed least (all of its own figures).
            figures = min(runs, key=lambda r: (round(r["others_cpu"], 2), -r["rps"]))
            rows.append({"database": database, "page": page, "workers": workers, **figures})
            print(
                f"  {database:<8} {page:<9} {figures['rps']:>8} req/s  p99 {figures['p99_ms']} ms"
                f"  (other programs: {figures['others_cpu']:.0%} CPU)"
            )
    finally:
        stop(server)
    return rows


def run_realistic(args: argparse.Namespace, database: str) -> list[dict]:
    """The realistic load (bench/realistic.py) on the same database and data."""
    import realistic

    print(f"== {database}: realistic load over every company")
    options = realistic.parse_args(
        ["--database", database, "--orgs", str(args.orgs), "--rate", str(args.rate),
         "--duration", str(args.realistic_duration), "--page-duration", str(min(args.duration, 10)),
         "--warmup", str(args.warmup)]
        + (["--workers", str(args.workers)] if args.workers else [])
    )  # fmt: skip
    return realistic.run_database(options)


def verdicts(rows: list[dict]) -> list[dict]:
    out = []
    for database in sorted({r["database"] for r in rows}):
        by_page = {r["page"]: r for r in rows if r["database"] == database}
        dashboard, health = by_page["dashboard"], by_page["healthz"]
        share = dashboard["rps"] / health["rps"] if health["rps"] else 0
        out += [
            {"database": database, "target": f"dashboard p99 < {P99_LIMIT_MS} ms ({dashboard['p99_ms']} ms)",
             "met": dashboard["p99_ms"] < P99_LIMIT_MS},
            {"database": database, "target": f"dashboard >= 1/3 of /healthz req/s ({share:.0%})",
             "met": share >= SHARE_OF_HEALTH},
            {"database": database, "target": "no errors", "met": all(r["errors"] == 0 for r in by_page.values())},
        ]  # fmt: skip
    return out


def print_table(rows: list[dict], checks: list[dict]) -> None:
    header = (
        f"{'database':<10}{'page':<20}{'workers':>8}{'req/s':>9}{'of health':>10}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}{'requests':>10}{'others':>8}{'probe ms':>10}{'busy':>6}{'cpu ms':>8}"
    )
    # Each row's share of the /healthz measured on the same server in the same run (page loads, realistic load).
    health = {(r["database"], r.get("run", "pages")): r["rps"] for r in rows if r["page"] == "healthz"}
    print()
    print(header)
    print("-" * len(header))
    for r in rows:
        ceiling = health.get((r["database"], r.get("run", "pages")))
        share = r["rps"] / ceiling if ceiling else 0
        print(
            f"{r['database']:<10}{r['page']:<20}{r['workers']:>8}{r['rps']:>9.1f}{share:>10.0%}{r['p50_ms']:>9.1f}"
            f"{r['p99_ms']:>9.1f}{r['errors']:>8}{r['requests']:>10}{r['others_cpu']:>8.0%}"
            f"{r.get('probe_ms', 0):>10.1f}{r.get('machine_busy', 0):>6.0%}{r.get('server_cpu_ms', 0):>8.2f}"
        )
    print()
    for check in checks:
        print(f"{'met   ' if check['met'] else 'MISSED'} {check['database']:<9} {check['target']}")
    # The focused scripts' verdicts carry a probe too (run_focused): a slower machine during one of them shows.
    for warning in disturbance(rows + [check for check in checks if "probe_ms" in check]):
        print(warning)


def machine(args: argparse.Namespace) -> dict:
    import django
    import gunicorn

    model = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    ) if Path("/proc/cpuinfo").exists() else platform.processor()  # fmt: skip
    return {
        "cpu": model, "cores": CORES, "python": platform.python_version(), "python_executable": sys.executable,
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__, "worker_class": args.worker_class,
        "threads": args.threads, "connections": args.connections, "duration_s": args.duration, "repeat": args.repeat,
        "wrk_threads": args.wrk_threads, "sessions": args.sessions, "orgs": args.orgs, "src": args.src,
        "postgres": PG_SERVER,
    }  # fmt: skip


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    # The interpreter counts: a Python built without profile-guided optimisation served a tenth to a fifth less.
    print(f"Python {platform.python_version()} ({sys.executable})")
    focused = [] if args.skip_focused else run_focused()
    preflight()
    busy = busy_elsewhere()
    if busy > 0.15:
        print(f"warning: {busy:.0%} of the CPU is busy before the bench starts; the figures will be low")
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    rows: list[dict] = []
    realistic_rows: list[dict] = []
    skipped: list[str] = []
    for database in databases:
        print(f"== {database}" + (f" at {PG_SERVER}" if database == "postgres" else ""))
        if database == "postgres":
            if not postgres("SELECT 1"):
                print(f"  PostgreSQL is not reachable at {PG_SERVER}; skipped")
                skipped.append(database)
                continue
            postgres(f"CREATE DATABASE {PG_NAME}")  # fails harmlessly when it is kept from an earlier run
        try:
            rows += bench_database(args, database)
            if not args.skip_realistic:
                realistic_rows += run_realistic(args, database)
        finally:
            if database == "postgres" and not args.keep_postgres:
                postgres(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
                # The data folder's session list belongs to the dropped database.
                (VAR / database / "targets.json").unlink(missing_ok=True)
    import realistic

    checks = verdicts(rows) + realistic.verdicts(realistic_rows, args.rate) + focused
    print_table(rows + realistic_rows, checks)
    VAR.mkdir(parents=True, exist_ok=True)
    result = {
        "machine": {**machine(args), "busy_before": round(busy, 2)},
        "results": rows + realistic_rows,
        "targets": checks,
        "skipped": skipped,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2))
    print(f"\nwritten to {output}")
    return 0 if all(c["met"] for c in checks) and not skipped else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
