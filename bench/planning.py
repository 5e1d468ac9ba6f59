"""Benchmark of the plan pages: queries and time of the dashboard, the plan page, the management review, the
roadmap, the action plan and "this week" for a company with a small plan and for one with a large plan (the
issues ask for a bounded number of queries).

    .venv/bin/python bench/planning.py [--kpis 60] [--values 36] [--initiatives 40] [--repeat 20]

Runs on a fresh SQLite database in a temporary folder. Prints one line per page and size; exits 1 when a page
makes more queries for the large plan than for the small one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench_args import positive

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def setup(folder: str) -> None:
    os.environ["RASHINBAN_DATA_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rashinban.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # as in the tests: the test client's signals, mails kept in memory

    call_command("migrate", "--no-input", "-v", "0")


def company(name: str, kpis: int, values: int, initiatives: int):  # type: ignore[no-untyped-def]
    from rashinban.orgs.choices import Role
    from rashinban.orgs.models import EncryptedTOTPDevice, Membership, Organisation, User
    from rashinban.planning.models import Gate, Initiative, Measurement, Target

    org = Organisation.objects.create(name=name)
    user = User.objects.create_user(email=f"{org.slug}@bench.example", password="bench-password-123")
    Membership.objects.create(user=user, organisation=org, role=Role.OWNER)
    EncryptedTOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    today = date.today()
    targets = Target.objects.bulk_create(
        Target(
            organisation=org,
            name=f"KPI {i}",
            unit="h",
            baseline=100,
            baseline_on=today - timedelta(days=700),
            target=40,
            target_on=today + timedelta(days=300),
            direction="down",
            frequency="monthly",
        )
        for i in range(kpis)
    )
    Measurement.objects.bulk_create(
        Measurement(organisation=org, target=t, measured_on=today - timedelta(days=30 * v), value=90 - v)
        for t in targets
        for v in range(values)
    )
    for i in range(initiatives):
        initiative = Initiative.objects.create(organisation=org, title=f"施策 {i}", stage="poc")
        Gate.objects.create(organisation=org, initiative=initiative, decide_by=today + timedelta(days=i))
    return org, user


def measure(client, url: str, repeat: int) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    count = len(captured)  # now: later requests reset the connection's query log it reads from
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return count, statistics.median(times)


def signed_in(user):  # type: ignore[no-untyped-def]
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from rashinban.orgs import backends
    from rashinban.orgs.models import EncryptedTOTPDevice

    client = Client()
    client.force_login(user, backend=backends.PATH)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = EncryptedTOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kpis", type=positive, default=60)
    parser.add_argument("--values", type=positive, default=36)
    parser.add_argument("--initiatives", type=positive, default=40)
    parser.add_argument("--repeat", type=positive, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(folder)
        sizes = {
            "small": company("小さな計画", 2, 3, 1),
            "large": company("大きな計画", args.kpis, args.values, args.initiatives),
        }
        queries: dict[str, dict[str, int]] = {}
        for size, (org, user) in sizes.items():
            client = signed_in(user)
            for page, url in (
                ("dashboard", f"/o/{org.id}/"),
                ("plan", f"/o/{org.id}/plan/"),
                ("review", f"/o/{org.id}/plan/review/"),
                # The pages of the one ranking of next steps (issue 14): the same queries at both sizes.
                ("roadmap", f"/o/{org.id}/plan/roadmap/"),
                ("steps", f"/o/{org.id}/steps/"),
                ("this-week", f"/o/{org.id}/steps/this-week/"),
            ):
                count, ms = measure(client, url, args.repeat)
                queries.setdefault(page, {})[size] = count
                print(f"{page:<10} {size:<6} {count:>3} queries  {ms:7.1f} ms (median of {args.repeat})")
    grew = [page for page, by_size in queries.items() if by_size["large"] > by_size["small"]]
    if grew:
        print("queries grow with the data on:", ", ".join(grew))
    return 1 if grew else 0


if __name__ == "__main__":
    sys.exit(main())
