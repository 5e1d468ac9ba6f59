"""Benchmark of sending one drill to 10,000 people: through a real SMTP server on loopback (aiosmtpd), by real
`rashinban worker` processes, at the drill's configured rate, while other work keeps running.

    .venv/bin/python bench/drill_send.py [--people 10000] [--rate 360000] [--workers 1] [--concurrency 2]

A fresh SQLite database in a temporary folder (`--database-url` for PostgreSQL): one company with --people
members on a proved domain, its mail server set to the loopback SMTP server, a drill at --rate mails per hour,
confirmed by the owner (one queued job per mail, each at its scheduled time). Then --workers worker processes
send it. Every second meanwhile another job is queued (the minute's judging of drill hits), and the time it
waited is measured: the drill must not hold up the rest of the queue.

Prints mails/s (against the configured rate), the time to send all, and the probe jobs' wait (median, worst).
Exit status 1 when a mail is missing or sent twice, when the probes waited more than PROBE_LIMIT_S, or when the
mails left at under SHARE_OF_RATE of the configured rate (time targets: not enforced in smoke mode).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench_args import positive
from targets import enforced, time_met

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
RASHINBAN = str(Path(sys.executable).with_name("rashinban"))
PROBE_LIMIT_S = 5.0  # a job queued meanwhile starts within this (the worker polls every second)
SHARE_OF_RATE = 0.9


class Counting:
    """aiosmtpd handler: counts the mails each address received."""

    def __init__(self) -> None:
        self.to: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.first = self.last = 0.0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        with self.lock:
            now = time.monotonic()
            self.first = self.first or now
            self.last = now
            for address in envelope.rcpt_tos:
                self.to[address] += 1
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup(folder: str, database_url: str) -> str:
    os.environ["RASHINBAN_DATA_DIR"] = folder
    url = database_url or f"sqlite:///{folder}/rashinban.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rashinban.config.settings")
    os.environ["TASKS_EAGER"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", "-v", "0")
    return url


def drill_to(people: int, port: int, rate: int):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from rashinban.drills import actions
    from rashinban.drills.models import Domain, Drill
    from rashinban.orgs.choices import Role
    from rashinban.orgs.models import Membership, Organisation, User

    org = Organisation.objects.create(name="送信ベンチ株式会社")
    owner = User.objects.create_user(email="owner@send.example.com", password="bench-password-123")
    Membership.objects.create(user=owner, organisation=org, role=Role.OWNER)
    users = User.objects.bulk_create(
        [User(username=f"p{i:05d}@send.example.com", email=f"p{i:05d}@send.example.com") for i in range(people - 1)],
        batch_size=1000,
    )
    now = timezone.now()
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=org, role=Role.MEMBER, created_at=now) for u in users], batch_size=1000
    )
    domain = actions.add_domain(org, "send.example.com")
    Domain.objects.filter(pk=domain.pk).update(verified_at=now)
    actions.save_mail_settings(org, {"host": "127.0.0.1", "port": port, "security": "none", "username": ""}, "")
    template = actions.template_from_lure(org, "password-expiry", "ja")
    drill = actions.plan_drill(org, template, by=owner, name="送信ベンチ", from_address="it@send.example.com",
                               window_start=now, window_end=now + timedelta(minutes=1), rate_per_hour=rate)  # fmt: skip
    Drill.objects.filter(pk=drill.pk).update(test_sent_at=now)  # the owner's test mail, checked
    planned = actions.confirm_drill(Drill.objects.get(pk=drill.pk), owner, True)
    return org, drill, planned


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    smoke = not enforced()
    parser.add_argument("--people", type=positive, default=200 if smoke else 10_000)
    parser.add_argument(
        "--rate", type=positive, default=180_000, help="the drill's mails per hour (default 50 a second)"
    )
    parser.add_argument("--workers", type=positive, default=1, help="worker processes")
    parser.add_argument("--concurrency", type=positive, default=2, help="threads per worker")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--timeout", type=positive, default=900)
    args = parser.parse_args(argv)

    from aiosmtpd.controller import Controller

    handler, port = Counting(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    with tempfile.TemporaryDirectory() as folder:
        url = setup(folder, args.database_url)
        from rashinban.drills.jobs import classify_new_hits
        from rashinban.drills.models import Drill, DrillStatus, Recipient
        from rashinban.tasks.api import enqueue
        from rashinban.tasks.models import Job

        org, drill, planned = drill_to(args.people, port, args.rate)
        env = {**os.environ, "DATABASE_URL": url, "RASHINBAN_DATA_DIR": folder, "LANG": "C", "TASKS_POLL_SECONDS": "1"}
        workers = [
            subprocess.Popen([RASHINBAN, "worker", "--concurrency", str(args.concurrency)], env=env, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=open(Path(folder) / f"worker-{i}.log", "wb"))  # noqa: SIM115
            for i in range(args.workers)
        ]  # fmt: skip
        started = time.monotonic()
        probes = []
        try:
            while time.monotonic() - started < args.timeout:
                if Drill.objects.get(pk=drill.pk).status == DrillStatus.FINISHED:
                    break
                probes.append(enqueue(classify_new_hits).pk)
                time.sleep(1)
            else:
                print(f"not finished within {args.timeout} s")
            took = time.monotonic() - started
            time.sleep(2)  # the last probes
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)
            controller.stop()
        waits = [
            (job.finished_at - job.run_at).total_seconds()
            for job in Job.objects.filter(pk__in=probes, finished_at__isnull=False)
        ]
        unsent = Recipient.objects.filter(drill=drill, is_test=False, sent_at__isnull=True).count()
    twice = sum(1 for n in handler.to.values() if n > 1)
    sent = sum(handler.to.values())
    span = max(handler.last - handler.first, 1e-6)
    rate_per_s = args.rate / 3600
    mails_per_s = sent / span
    print(
        f"drill to {planned} people at {rate_per_s:.0f} mails/s configured, {args.workers} worker(s) x "
        f"{args.concurrency}: {sent} mails in {span:.1f} s ({mails_per_s:.1f} mails/s), all sent {took:.1f} s after "
        f"confirming; {unsent} unsent, {twice} people mailed twice"
    )
    if waits:
        print(
            f"other jobs queued meanwhile: {len(waits)} of {len(probes)} done, waited median "
            f"{statistics.median(waits):.2f} s, worst {max(waits):.2f} s (limit {PROBE_LIMIT_S} s)"
        )
    complete = unsent == 0 and twice == 0 and sent == planned and len(handler.to) == planned
    fast = mails_per_s >= SHARE_OF_RATE * rate_per_s
    unblocked = bool(waits) and max(waits) <= PROBE_LIMIT_S and len(waits) == len(probes)
    return 0 if complete and time_met(fast and unblocked) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
