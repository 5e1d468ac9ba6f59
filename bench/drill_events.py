"""Drill tracking under load: open pixels and link hits from a whole company at once, on SQLite, under the
production server (gunicorn, DEBUG off), driven by wrk. Every answered request must be a stored event.

    .venv/bin/python bench/drill_events.py [--recipients 300] [--duration 15] [--connections 32] [--warmup 3]

Prints events/s sustained, p50/p99 latency, requests answered and events counted in the database.
Exit status 0 when >= 1,000 events/s with every event stored and no error, 1 otherwise, 2 when wrk is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_args import natural, positive  # noqa: E402
from loadgen import load, lua_script  # noqa: E402
from run import BIN, ROOT, VAR, WORKERS, environment, free_port, start_gunicorn, stop  # noqa: E402
from targets import time_met  # noqa: E402

TARGET_EVENTS_PER_SECOND = 1000
P99_TARGET_MS = 100  # issue 21: a scanner opening every link of a 10,000-person drill
FOLDER = VAR / "drills"


def django_env() -> dict[str, str]:
    env = environment("sqlite")
    env["RASHINBAN_DATA_DIR"] = str(FOLDER)
    return env


def prepare(recipients: int) -> list[str]:
    """A fresh database with one company, a running drill and `recipients` mails sent; their raw tokens."""
    shutil.rmtree(FOLDER, ignore_errors=True)
    FOLDER.mkdir(parents=True)
    env = django_env()
    subprocess.run([str(BIN / "rashinban"), "migrate"], env=env, check=True, capture_output=True, cwd=ROOT)
    out = subprocess.run([str(BIN / "python"), __file__, "--seed", str(recipients)], env=env, check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def seed(recipients: int) -> None:
    """Runs inside Django (--seed): the company, its people, a drill, and a token per mail (printed as JSON)."""
    import django

    django.setup()
    from datetime import timedelta

    from django.utils import timezone

    from rashinban.drills import actions
    from rashinban.drills.models import Drill, DrillStatus, Recipient
    from rashinban.orgs.models import Membership, Organisation, User

    org = Organisation.objects.create(name="ベンチ商事")
    owner = User.objects.create_user(email="owner@bench.example", password=None)
    Membership.objects.create(user=owner, organisation=org, role="owner")
    template = actions.template_from_lure(org, "password-expiry", "ja")
    now = timezone.now()
    drill = Drill.objects.create(
        organisation=org, name="bench", template=template, sender_name="x", from_address="it@bench.example",
        subject="s", body="{{link}}", lesson_id="fake-login", window_start=now, window_end=now + timedelta(hours=1),
        status=DrillStatus.RUNNING,
    )  # fmt: skip
    tokens, rows = [], []
    for i in range(recipients):
        raw, token_hash = actions.new_link_token()
        tokens.append(raw)
        rows.append(Recipient(organisation=org, drill=drill, email=f"p{i}@bench.example", token_hash=token_hash,
                              sent_at=now))  # fmt: skip
    Recipient.objects.bulk_create(rows)
    print(json.dumps(tokens))


def count_events() -> int:
    code = "import django; django.setup(); from rashinban.drills.models import Event; print(Event.objects.count())"
    out = subprocess.run([str(BIN / "python"), "-c", code], env=django_env(), check=True, capture_output=True,
                         text=True, cwd=ROOT).stdout  # fmt: skip
    return int(out.strip())


def judge() -> dict[str, int]:
    """After the burst, the worker's judging (verdicts.catch_up) in a Django process: the hits were bare pixel loads
    and link fetches seconds after delivery, with no page used, i.e. a scanner's; none may count as a click."""
    code = (
        "import django, json; django.setup()\n"
        "from rashinban.drills import verdicts\n"
        "from rashinban.drills.models import Drill, Event, Verdict\n"
        "drill = Drill.objects.get()\n"
        "verdicts.catch_up(drill)\n"
        "print(json.dumps({'people_hit': Event.objects.values('recipient_id').distinct().count(),\n"
        "                  'judged': Verdict.objects.count(), 'clicked': Verdict.objects.filter(clicked=True).count()}))"
    )
    out = subprocess.run([str(BIN / "python"), "-c", code], env=django_env(), check=True, capture_output=True,
                         text=True, cwd=ROOT).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=positive, default=300)
    parser.add_argument("--duration", type=positive, default=15)
    parser.add_argument("--connections", type=positive, default=32)
    parser.add_argument("--wrk-threads", type=positive, default=2)
    # As every other load of the bench: a server that has been running, not workers importing on their first hits.
    parser.add_argument("--warmup", type=natural, default=3, help="seconds of unmeasured hits first (default 3)")
    parser.add_argument("--workers", type=natural, default=WORKERS["sqlite"])
    parser.add_argument("--seed", type=natural, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed:
        seed(args.seed)
        return 0
    if shutil.which("wrk") is None:
        print("install wrk: apt-get install wrk")
        return 2
    tokens = prepare(args.recipients)
    # Half open pixels, half link hits: the two requests every recipient's mail client and scanner make.
    paths = [(f"/d/o/{t}/", "") for t in tokens] + [(f"/d/c/{t}/", "") for t in tokens]
    script = lua_script(paths, FOLDER / "events.lua")
    server_args = argparse.Namespace(worker_class="sync", threads=1)
    port = free_port()
    server = start_gunicorn(server_args, args.workers, django_env(), port, FOLDER / "gunicorn.log")
    try:
        if args.warmup:
            load(args, port, script, args.warmup, server.pid)
        # The warm-up's hits are stored too: the measured load's events are those stored after it.
        before = count_events()
        figures = load(args, port, script, args.duration, server.pid)
    finally:
        stop(server)
    stored = count_events() - before
    answered = figures["requests"] - figures["errors"]
    print(
        f"drill events on SQLite, {args.workers} gunicorn workers, {args.connections} connections, {args.duration} s "
        f"after {args.warmup} s of warm-up (probe {figures['probe_ms']} ms)"
    )
    print(f"  requests answered {answered}, events stored {stored}, errors {figures['errors']}")
    print(f"  {figures['rps']:.0f} events/s sustained, p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms"
          f" (other programs: {figures['others_cpu']:.0%} CPU)")  # fmt: skip
    # Requests still in flight when wrk stops are stored but not counted by wrk: stored >= answered.
    met = figures["rps"] >= TARGET_EVENTS_PER_SECOND and stored >= answered and figures["errors"] == 0
    print(f"{'met   ' if met else 'MISSED'} >= {TARGET_EVENTS_PER_SECOND} events/s with every event stored")
    fast = figures["p99_ms"] < P99_TARGET_MS
    print(f"{'met   ' if fast else 'MISSED'} p99 < {P99_TARGET_MS} ms")
    verdict = judge()
    classified = verdict["judged"] == verdict["people_hit"] and verdict["clicked"] == 0
    print(f"{'met   ' if classified else 'MISSED'} every person hit judged ({verdict['judged']} of "
          f"{verdict['people_hit']}), the scanner's hits counted as no click ({verdict['clicked']} clicks)")  # fmt: skip
    complete = stored >= answered and figures["errors"] == 0
    return 0 if time_met(met) and complete and time_met(fast) and classified else 1


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main(sys.argv[1:]))
