"""The product as it is used: owners of every company open their pages in a realistic mix while their companies'
data changes between visits, at a fixed rate, beside /healthz and the empty signed-in page in the same run.

    .venv/bin/python bench/realistic.py --database sqlite --orgs 500 --duration 10   # a short run
    make bench                                                                      # via bench/run.py

For one database: make sure it holds --orgs generated companies (`rashinban demo --scale`), sign in the owner of
every company (bench/prepare.py realistic), then on one gunicorn server behind nginx, the reverse proxy of
docs/deploy.md (`--direct`: gunicorn alone; its sync workers are made to run behind a buffering proxy, and wrk's
schedule, which opens a connection well before it sends the request, holds them idle without one: run.py):

1. **mix**: wrk offers --rate requests/s (Poisson arrivals, --connections at most in flight) for --duration
   seconds; each request picks any company at random and a page by MIX (dashboard, result, plan, evidence,
   security plan, owner's report, drills), and WRITES per hundred are writes that change that company's data
   through the product's own functions (bench/urls.py: a staff answer, a KPI value, an action's status, an
   evidence upload, a drill hit), so its cached pages go stale as in life. Targets: at least 95 % of the rate
   served, p99 under MIX_P99_MS, no errors.
   **visits**: the same at the same rate, but in visits: an owner lands on the dashboard and opens further pages
   of the same company (3 a visit on average, VISIT_STAY), so the company's plan of next steps, kept for its data
   version, is made once a visit. Same targets.
2. **healthz** and **floor** (the empty signed-in page), closed loop: the ceiling of the server in the same run.

Then on a second server whose cache keeps nothing (RASHINBAN_BENCH_NO_PAGE_CACHE=1), each signed-in page alone,
closed loop with as many connections as workers (so the time is the render, not a queue), over every company:
3. **uncached <page>**: target p99 under PAGE_P99_MS.

Prints a table (with the CPU share other programs took meanwhile) and, with --output, writes the rows as JSON.
Exit status 0 when every target is met, 1 otherwise, 2 when wrk, nginx or the database is missing.

RASHINBAN_BENCH_SMOKE=1 (the suite): a few companies, one-second loads, time targets not enforced.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench_args import natural, positive
from loadgen import LUA_RESULT, PG_NAME, disturbance, load
from targets import enforced, time_met

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VAR = Path(os.environ.get("RASHINBAN_BENCH_VAR") or ROOT / "var" / "bench")  # as bench/run.py

RATE = 200  # requests per second the mix must sustain (issue 21)
MIX_P99_MS = 200
PAGE_P99_MS = 100
SERVED_SHARE = 0.95  # of the offered rate
# Page views per hundred, from what owners open (dashboard first, then the newest result and the plan).
MIX = {
    "dashboard": 30,
    "result": 20,
    "plan": 12,
    "evidence": 10,
    "security": 10,
    "report": 8,
    "drills": 7,
}
# "visits": an owner lands on the dashboard and opens further pages of the same company, 3 pages a visit on
# average (each further page with this probability); "mix": every request is another company's.
VISIT_STAY = 2 / 3
# Writes per hundred requests, spread over the kinds of change (bench/urls.py).
WRITES = {"answer": 1, "kpi": 0.75, "action": 0.75, "evidence": 0.25, "drill": 0.25}
PATHS = {
    "dashboard": "/o/%d/",
    "result": "/o/%d/diagnoses/%d/",
    "plan": "/o/%d/plan/",
    "evidence": "/o/%d/evidence/",
    "security": "/o/%d/security/",
    "report": "/o/%d/report/",
    "drills": "/o/%d/drills/",
    "floor": "/bench/floor/%d/",
}

LUA = (
    """
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_usec; } bench_timeval;
           int gettimeofday(bench_timeval *tv, void *tz); ]]
local tv = ffi.new("bench_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local companies = %(companies)s  -- {org id, cookie, newest result id}
local choices = %(choices)s      -- {cumulative weight, kind, path pattern, write?}
local total = %(total)s
local interval_ms = %(interval_ms)s  -- mean gap between this thread's requests; 0: closed loop
local stay = %(stay)s
local threads = {}
failed = 0
local next_at = nil

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  math.randomseed(os.time() + id * 7919)
end

-- Poisson arrivals per thread: each free connection waits for the thread's next slot. When the server falls
-- behind, missed slots are dropped (not bunched), so the served rate shows what it could not serve.
function delay()
  if interval_ms == 0 then return 0 end
  local now = now_ms()
  if next_at == nil or next_at < now - 50 then next_at = now end
  local slot = next_at
  next_at = next_at - math.log(1 - math.random()) * interval_ms
  return math.max(0, math.floor(slot - now))
end

-- A visit: one company's owner signs in and lands on the first choice (the dashboard), then opens further
-- pages of the same company; each further page with probability `stay`, so a visit has 1 / (1 - stay) pages on
-- average. stay = 0: every request is another company's.
local visit, left = nil, 0

local function send(c, choice)
  local path = string.format(choice[3], c[1], c[3])
  if choice[4] then
    return wrk.format("POST", path, {["Cookie"] = c[2], ["Content-Length"] = "0"}, "")
  end
  if c[2] == "" then return wrk.format("GET", path) end
  return wrk.format("GET", path, {["Cookie"] = c[2]})
end

function request()
  if visit == nil or math.random() >= stay then
    visit = companies[math.random(#companies)]
    if stay > 0 then return send(visit, choices[1]) end
  end
  local roll = math.random() * total
  for _, choice in ipairs(choices) do
    if roll <= choice[1] then return send(visit, choice) end
  end
end

"""
    + LUA_RESULT
)


def smoke() -> bool:
    return not enforced()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--orgs", type=positive, default=20 if smoke() else 10000, help="companies (default 10000)")
    parser.add_argument("--rate", type=positive, default=RATE, help=f"requests/s offered (default {RATE})")
    parser.add_argument(
        "--duration", type=positive, default=1 if smoke() else 20, help="seconds of the mix (default 20)"
    )
    parser.add_argument("--page-duration", type=positive, default=1 if smoke() else 8, help="seconds per page alone")
    parser.add_argument("--warmup", type=natural, default=0 if smoke() else 3)
    parser.add_argument("--connections", type=positive, default=64, help="most requests in flight in the mix")
    parser.add_argument("--wrk-threads", type=positive, default=2)
    parser.add_argument("--workers", type=natural, default=0, help="gunicorn workers (default as bench/run.py)")
    parser.add_argument("--keep-postgres", action="store_true")
    parser.add_argument(
        "--direct", action="store_true", help="load gunicorn itself, without the reverse proxy of docs/deploy.md"
    )
    parser.add_argument("--output", default="", help="write the rows here as JSON")
    parser.add_argument("--src", default="", help="serve the product from this source folder instead (a variant)")
    return parser.parse_args(argv)


def lua(
    path: Path,
    companies: list[dict],
    choices: list[tuple[str, float, str, bool]],
    interval_ms: float,
    stay: float = 0,
) -> Path:
    entries = ", ".join(f"{{{c['organisation']}, {json.dumps(c['cookie'])}, {c['result']}}}" for c in companies)
    cumulative, rows = 0.0, []
    for kind, weight, pattern, write in choices:
        cumulative += weight
        rows.append(f"{{{cumulative}, {json.dumps(kind)}, {json.dumps(pattern)}, {'true' if write else 'false'}}}")
    path.write_text(
        LUA
        % {
            "companies": "{" + entries + "}",
            "choices": "{" + ", ".join(rows) + "}",
            "total": cumulative,
            "interval_ms": round(interval_ms, 3),
            "stay": stay,
        }
    )
    return path


def mix_choices() -> list[tuple[str, float, str, bool]]:
    reads = 100 - sum(WRITES.values())
    scale = reads / sum(MIX.values())
    out = [(page, weight * scale, PATHS[page], False) for page, weight in MIX.items()]
    return out + [(f"write {kind}", weight, f"/bench/write/%d/{kind}/", True) for kind, weight in WRITES.items()]


def check_pages(port: int, companies: list[dict]) -> None:
    """Every page of the mix answers 200 for a sample of companies before any load: a redirect measures nothing."""
    from run import get

    for company in companies[:: max(1, len(companies) // 20)]:
        for page in (*MIX, "floor"):
            path = PATHS[page].replace("%d", str(company["organisation"]), 1).replace("%d", str(company["result"]))
            status, _body = get(port, path, company["cookie"])
            if status != 200:
                sys.exit(f"{path} answered {status}; the bench sessions do not work")


def settle(port: int, limit_s: float = 30) -> None:
    """Wait until the server has worked off what the last load left queued (wrk stops sending, gunicorn still
    answers its backlog): /healthz answering within 50 ms twice running, or `limit_s` seconds."""
    import time

    from run import get

    deadline, quick = time.monotonic() + limit_s, 0
    while time.monotonic() < deadline and quick < 2:
        started = time.monotonic()
        get(port, "/healthz", "")
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0
        time.sleep(0.1)


def run_database(args: argparse.Namespace) -> list[dict]:
    import run as bench_run

    database = args.database
    env = bench_run.environment(database)
    bench_run.ensure_data(database, env, args.orgs)
    folder = VAR / database
    sessions = folder / "realistic-sessions.json"
    bench_run.run([str(BIN / "python"), str(ROOT / "bench" / "prepare.py"), "realistic", str(sessions)], env)
    companies = json.loads(sessions.read_text())
    served = bench_run.environment(database, str(Path(args.src).resolve())) if args.src else env
    # The state the pages find in a running installation at this rate (each company visited about once a minute):
    # every company's plan of next steps is kept (read for an hour); a write between visits makes it rank again.
    # Kept by the product served: a plan is kept under a fingerprint of the product's files (a variant's own).
    daily = float(bench_run.run([str(BIN / "python"), str(ROOT / "bench" / "prepare.py"), "daily"], served).strip())
    print(
        f"  {database}: the daily plan job (nextsteps.commit) kept {len(companies)} companies' plans in {daily:.0f} s"
    )
    workers = args.workers or bench_run.WORKERS[database]
    server_args = argparse.Namespace(worker_class="sync", threads=1)
    wrk = argparse.Namespace(wrk_threads=args.wrk_threads, connections=args.connections)
    rows: list[dict] = []

    def measure(name: str, port: int, script: Path, seconds: int, groups: tuple[int, ...], connections: int) -> None:
        wrk.connections = connections
        settle(port)
        if args.warmup:
            load(wrk, port, script, args.warmup, groups)
        figures = load(wrk, port, script, seconds, groups)
        rows.append(
            {
                "database": database,
                "run": "realistic",
                "page": name,
                "workers": workers,
                "connections": connections,
                "proxy": not args.direct,
                **figures,
            }
        )
        print(
            f"  {database:<8} {name:<20} {figures['rps']:>8} req/s  p50 {figures['p50_ms']} ms  p99 "
            f"{figures['p99_ms']} ms  errors {figures['errors']}  (server CPU {figures['server_cpu_ms']} ms a request, "
            f"machine {figures['machine_busy']:.0%} busy; other programs: {figures['others_cpu']:.0%} CPU; "
            f"probe {figures['probe_ms']} ms)",
            flush=True,
        )

    @contextmanager
    def server(env: dict[str, str], name: str) -> Iterator[tuple[int, tuple[int, ...]]]:
        """gunicorn, behind nginx as docs/deploy.md deploys it unless --direct: (the port to load, the process
        groups whose CPU is the bench's own)."""
        upstream = bench_run.free_port()
        app = bench_run.start_gunicorn(server_args, workers, env, upstream, folder / f"{name}.log")
        proxy = None
        try:
            if args.direct:
                yield upstream, (app.pid,)
            else:
                proxy, port = bench_run.start_proxy(upstream, folder / f"{name}-nginx")
                yield port, (app.pid, proxy.pid)
        finally:
            if proxy is not None:
                bench_run.stop(proxy)
            bench_run.stop(app)

    with server(served, "gunicorn") as (port, groups):
        check_pages(port, companies)
        interval = args.wrk_threads * 1000 / args.rate
        script = lua(folder / "mix.lua", companies, mix_choices(), interval)
        measure("mix", port, script, args.duration, groups, args.connections)
        visits = lua(folder / "visits.lua", companies, mix_choices(), interval, stay=VISIT_STAY)
        measure("visits", port, visits, args.duration, groups, args.connections)
        for name, pattern in (("healthz", "/healthz"), ("floor", PATHS["floor"])):
            cookies = [{**c, "cookie": ""} for c in companies[:1]] if name == "healthz" else companies
            script = lua(folder / f"{name}.lua", cookies, [(name, 1, pattern, False)], 0)
            measure(name, port, script, args.page_duration, groups, 32)

    uncached = {**served, "RASHINBAN_BENCH_NO_PAGE_CACHE": "1"}
    with server(uncached, "gunicorn-uncached") as (port, groups):
        for page in MIX:
            script = lua(folder / f"uncached-{page}.lua", companies, [(page, 1, PATHS[page], False)], 0)
            measure(f"uncached {page}", port, script, args.page_duration, groups, max(2, workers))
    return rows


def load_of(row: dict) -> str:
    """How near the machine's limit a load ran (loadgen.server_cost); rows of an older results file lack it."""
    if "machine_busy" not in row:
        return "load not measured"
    return f"machine {row['machine_busy']:.0%} busy, server CPU {row['server_cpu_ms']} ms a request"


def verdicts(rows: list[dict], rate: int) -> list[dict]:
    out = []
    for database in sorted({r["database"] for r in rows}):
        by = {r["page"]: r for r in rows if r["database"] == database}
        health, floor = by["healthz"], by["floor"]
        ceiling = f"healthz {health['rps']:.0f} req/s, floor {floor['rps']:.0f} req/s p99 {floor['p99_ms']} ms"
        for name, label in (("mix", "mixed load, each request another company"), ("visits", "mixed load in visits")):
            mix = by[name]
            out += [
                {"database": database, "met": time_met(mix["rps"] >= SERVED_SHARE * rate),
                 "target": f"{label} served at {rate} req/s ({mix['rps']:.0f} req/s; {ceiling}; {load_of(mix)})"},
                {"database": database, "met": time_met(mix["p99_ms"] < MIX_P99_MS),
                 "target": f"{label} p99 < {MIX_P99_MS} ms ({mix['p99_ms']} ms)"},
            ]  # fmt: skip
        out.append({"database": database, "met": all(r["errors"] == 0 for r in by.values()), "target": "no errors"})
        for page in MIX:
            row = by[f"uncached {page}"]
            out.append(
                {"database": database, "met": time_met(row["p99_ms"] < PAGE_P99_MS),
                 "target": f"{page} uncached p99 < {PAGE_P99_MS} ms ({row['p99_ms']} ms, {row['rps']:.0f} req/s)"}
            )  # fmt: skip
    return out


def main(argv: list[str]) -> int:
    import run as bench_run

    args = parse_args(argv)
    bench_run.preflight()
    if args.database == "postgres":
        if not bench_run.postgres("SELECT 1"):
            print(f"PostgreSQL is not reachable at {bench_run.PG_SERVER}")
            return 2
        print(f"PostgreSQL at {bench_run.PG_SERVER}")
        bench_run.postgres(f"CREATE DATABASE {PG_NAME}")
    try:
        rows = run_database(args)
    finally:
        if args.database == "postgres" and not args.keep_postgres:
            bench_run.postgres(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            (VAR / "postgres" / "realistic-sessions.json").unlink(missing_ok=True)
    checks = verdicts(rows, args.rate)
    for check in checks:
        print(f"{'met   ' if check['met'] else 'MISSED'} {check['database']:<9} {check['target']}")
    for warning in disturbance(rows):
        print(warning)
    if args.output:
        Path(args.output).write_text(json.dumps({"rows": rows, "targets": checks}, indent=2))
    return 0 if all(c["met"] for c in checks) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
