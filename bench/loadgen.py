"""Load generation for the bench: wrk with a Lua script over many signed-in pages, and the CPU accounting
that tells how much other programs disturbed a run."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import threading
import time
from pathlib import Path

# Another name on a PostgreSQL server shared with other people (e.g. rashinban_<branch>_bench).
PG_NAME = os.environ.get("RASHINBAN_BENCH_PG_NAME", "rashinban_bench")

# The end of every load script: a redirect counts as a failure, and one RESULT line of JSON for load() to read.
LUA_RESULT = """
-- wrk itself counts only 4xx/5xx as errors; a redirect (to sign-in or the second factor) is a failure too.
function response(status, headers, body)
  if status < 200 or status > 299 then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local non2xx = 0
  for _, thread in ipairs(threads) do
    non2xx = non2xx + thread:get("failed")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, "non2xx": %%d, "socket": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), non2xx,
    e.connect + e.read + e.write + e.timeout))
end
"""

LUA = (
    """
local targets = %(targets)s
local threads = {}
failed = 0  -- a global, so that done() can read it from each thread

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  math.randomseed(os.time() + id * 7919)
end

function request()
  local t = targets[math.random(#targets)]
  if t[2] == "" then
    return wrk.format("GET", t[1])
  end
  return wrk.format("GET", t[1], {["Cookie"] = t[2]})
end

"""
    + LUA_RESULT
)


def machine_ticks() -> tuple[int, int]:
    """(all, busy) CPU ticks of the machine since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields), sum(fields) - fields[3] - fields[4]  # idle and iowait are not busy


def busy_elsewhere(seconds: float = 2.0) -> float:
    """Share of the machine's CPU in use before the bench starts (other people's tests skew the figures)."""
    if not Path("/proc/stat").exists():
        return 0.0
    total1, busy1 = machine_ticks()
    time.sleep(seconds)
    total2, busy2 = machine_ticks()
    return (busy2 - busy1) / max(1, total2 - total1)


def bench_ticks(server_group: int | tuple[int, ...]) -> dict[int, int]:
    """CPU ticks spent so far by each process of the bench's own server: gunicorn's processes (and the proxy's, a
    tuple of process groups) and the bench database's backends, by process id."""
    groups = server_group if isinstance(server_group, tuple) else (server_group,)
    ticks = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            raw = stat.read_text()
            ours = int(raw.rsplit(")", 1)[1].split()[2]) in groups  # field 5: process group
            if not ours:
                ours = PG_NAME.encode() in (stat.parent / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile
        if ours:
            fields = raw.rsplit(")", 1)[1].split()
            ticks[int(stat.parent.name)] = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks


class BenchCpu(threading.Thread):
    """The bench's own CPU over a load, read every `every` seconds while it runs. Read only at both ends, a process
    that ended meanwhile took its ticks with it, and they counted as other programs': a database backend closed
    when its connection reached CONN_MAX_AGE (60 s) after half a minute of load made the `others` column read
    27-89 % on rows where nothing else ran (the visits, the uncached security plan). At most the last `every`
    seconds of such a process are missed now."""

    def __init__(self, server_group: int | tuple[int, ...], every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.server_group, self.every = server_group, every
        self.first = bench_ticks(server_group)
        self.last = dict(self.first)
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            self.last.update(bench_ticks(self.server_group))

    def ticks(self) -> int:
        """Stop, and return the ticks the bench's processes spent since the start (new processes whole)."""
        self.stopped.set()
        self.join()
        self.last.update(bench_ticks(self.server_group))
        return sum(ticks - self.first.get(pid, 0) for pid, ticks in self.last.items())


def speed_probe() -> float:
    """Milliseconds a fixed piece of pure Python takes now, the best of three: the machine's own speed. On a
    virtual machine it can move with the host's other guests, which neither the `others` column nor /proc/stat
    sees (the same server, code and data answered /healthz at 2,013-2,770 req/s in runs minutes apart, 2026-12-06):
    a row whose probe reads well above the others' ran on a slower machine."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        sum(i * i for i in range(300_000))
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def disturbance(rows: list[dict]) -> list[str]:
    """Warnings for a table of loads (and of the focused scripts' verdicts, which carry a probe but no `others`):
    other programs took CPU, or the machine itself ran slower on some rows."""
    out = []
    disturbed = max((r.get("others_cpu", 0) for r in rows), default=0)
    if disturbed > 0.05:
        out.append(
            f"warning: other programs took up to {disturbed:.0%} of the CPU during the runs; the figures are low"
        )
    probes = [r["probe_ms"] for r in rows if r.get("probe_ms")]
    if probes and max(probes) > 1.2 * min(probes):
        out.append(
            f"warning: the machine itself ran up to {max(probes) / min(probes) - 1:.0%} slower on some rows (probe "
            f"{min(probes)}-{max(probes)} ms); compare rows of similar probe"
        )
    return out


def lua_script(targets: list[tuple[str, str]], path: Path) -> Path:
    # JSON strings are valid Lua strings for these plain ASCII paths and cookies.
    entries = ", ".join(f"{{{json.dumps(p)}, {json.dumps(c)}}}" for p, c in targets)
    path.write_text(LUA % {"targets": "{" + entries + "}"})
    return path


def load(args: argparse.Namespace, port: int, script: Path, seconds: int, server_group: int | tuple[int, ...]) -> dict:
    command = [
        "wrk", "--latency", "-t", str(args.wrk_threads), "-c", str(args.connections), "-d", f"{seconds}s",
        "--timeout", "10s", "-s", str(script), f"http://127.0.0.1:{port}",
    ]  # fmt: skip
    probe = speed_probe()
    total1, busy1 = machine_ticks()
    ours = BenchCpu(server_group)
    ours.start()
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    children2 = resource.getrusage(resource.RUSAGE_CHILDREN)
    ours_ticks = ours.ticks()
    total2, busy2 = machine_ticks()
    hz = os.sysconf("SC_CLK_TCK")
    wrk_ticks = (children2.ru_utime + children2.ru_stime - children1.ru_utime - children1.ru_stime) * hz
    others = (busy2 - busy1) - ours_ticks - wrk_ticks
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    raw = json.loads(line.removeprefix("RESULT "))
    cost = server_cost(ours_ticks, hz, raw["requests"], busy2 - busy1, total2 - total1)
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "errors": raw["non2xx"] + raw["socket"],
        "requests": raw["requests"],
        # CPU that other programs took meanwhile, as a share of the machine: above a few % the figures are low.
        "others_cpu": round(max(0.0, others / max(1, total2 - total1)), 2),
        # The machine's speed just before the load (speed_probe; after it, the server may still be answering).
        "probe_ms": probe,
        **cost,
    }


def server_cost(server_ticks: float, hz: int, requests: int, busy_ticks: float, total_ticks: float) -> dict:
    """How close a load ran to the machine's limit: the CPU the bench's own server (gunicorn, the proxy, the bench
    database's backends) spent per request answered, in ms, and the share of the whole machine that was busy. At
    200 requests/s two cores give 10 ms a request in all; the queue's p99 climbs steeply above about 90 % busy,
    where a processor 15 % slower turns a met p99 into a missed one (bench/README.md, the tenth session's runs)."""
    return {
        "server_cpu_ms": round(server_ticks / hz * 1000 / max(1, requests), 2),
        "machine_busy": round(busy_ticks / max(1, total_ticks), 2),
    }
