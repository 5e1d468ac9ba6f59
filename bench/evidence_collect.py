"""Benchmark of the cloud collectors: a 10,000-user tenant read from a loopback Microsoft Graph and Admin SDK.

    .venv/bin/python bench/evidence_collect.py [--users 10000] [--graph-page 999] [--google-page 500]

The loopback server (tests/evidence/sources/fake_cloud.py) answers with the documented shapes, throttles twice
(429, Google's 403 rate limit) and answers 503 once mid-way, and revokes the token once. Times everything
`rashinban collect ... --json` does after the network: paging, retries, JSON, turning users into rows and the
accounts check. Prints the seconds per service and exits 1 above the target (the services' own latency and
Retry-After waits are not ours to measure: Retry-After is 0 here).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from bench_args import positive
from targets import time_met

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.evidence.sources.fake_cloud import (  # noqa: E402
    ADMIN_EMAIL,
    CLIENT_SECRET,
    GOOGLE_RATE,
    THROTTLED,
    UNAVAILABLE,
    FakeCloud,
    make_tenant,
)

from rashinban.evidence.sources import google_workspace, microsoft365  # noqa: E402
from rashinban.evidence.sources.results import accounts_result  # noqa: E402

TARGET_SECONDS = 10.0
TODAY = date(2026, 11, 25)


def microsoft(users: int, page: int) -> tuple[float, dict]:
    with FakeCloud(make_tenant(users)) as cloud:
        cloud.page_size = page
        middle = max(users // page // 2, 0)
        cloud.faults[("users", middle)] = [THROTTLED, UNAVAILABLE]
        cloud.faults[("userRegistrationDetails", middle)] = [THROTTLED]
        cloud.revoke_after = max(users // page, 2)
        config = microsoft365.Microsoft365Config(
            cloud.tenant, cloud.client_id, CLIENT_SECRET, graph_url=cloud.url, login_url=cloud.url
        )
        started = time.perf_counter()
        collected = microsoft365.collect(config, devices=False, backoff=0.01)
        result = accounts_result(collected, today=TODAY).as_json()
        return time.perf_counter() - started, result


def google(users: int, page: int) -> tuple[float, dict]:
    with FakeCloud(make_tenant(users)) as cloud:
        cloud.page_size = page
        cloud.faults[("google", max(users // page // 2, 0))] = [GOOGLE_RATE, UNAVAILABLE]
        cloud.revoke_after = max(users // page // 2, 2)
        account = google_workspace.read_credentials(json.dumps(cloud.service_account()).encode())
        config = google_workspace.GoogleConfig(account, ADMIN_EMAIL, api_url=cloud.url)
        started = time.perf_counter()
        collected = google_workspace.collect(config, backoff=0.01)
        result = accounts_result(collected, today=TODAY).as_json()
        return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=positive, default=10_000)
    parser.add_argument("--graph-page", type=positive, default=999)
    parser.add_argument("--google-page", type=positive, default=500)
    args = parser.parse_args()
    met = True
    for name, run, page in (
        ("microsoft365", microsoft, args.graph_page),
        ("google-workspace", google, args.google_page),
    ):
        seconds, result = run(args.users, page)
        source = result["source"]
        complete = result["total"] == args.users
        met = met and complete and time_met(seconds < TARGET_SECONDS)
        print(
            f"{name}: {result['total']} of {args.users} users in {seconds:.2f} s (target < {TARGET_SECONDS} s); "
            f"{source['pages']} pages, {source['requests']} requests, {source['retries']} retries, "
            f"{source['token_renewals']} token renewals"
        )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
