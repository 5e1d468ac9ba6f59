"""Benchmark of the accounts check: 100,000 rows of a Google Workspace user download in under 2 seconds.

    .venv/bin/python bench/evidence_accounts.py [--rows 100000] [--keep FILE]

Writes a realistic export (Japanese names, quoted commas, suspended and never-used accounts, a 50% 2SV rate),
then times what `rashinban check accounts FILE --json` does: read and decode the file, detect the format,
parse every row and evaluate every finding. Prints the seconds and exits 1 above the target.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import tempfile
import time
from pathlib import Path

from bench_args import positive
from targets import time_met

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rashinban.evidence.accounts import CHECK  # noqa: E402
from rashinban.evidence.registry import CheckInput, Progress, Upload  # noqa: E402

TARGET_SECONDS = 2.0
HEADER = [
    "First Name [Required]",
    "Last Name [Required]",
    "Email Address [Required]",
    "Org Unit Path [Required]",
    "Department",
    "Status [READ ONLY]",
    "Last Sign In [READ ONLY]",
    "2sv Enrolled [READ ONLY]",
    "2sv Enforced [READ ONLY]",
]
FAMILY = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村"]
GIVEN = ["太郎", "花子", "一郎", "美咲", "健太", "陽菜"]


def export(rows: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for n in range(rows):
        last_sign_in = (
            "Never logged in" if n % 50 == 0 else f"2026/{rng.randint(1, 11):02d}/{rng.randint(1, 28):02d} 09:00:00"
        )
        writer.writerow(
            [
                rng.choice(GIVEN),
                rng.choice(FAMILY),
                f"user{n}@example.co.jp",
                "/",
                "営業部, 東京",
                "Suspended" if n % 40 == 0 else "Active",
                last_sign_in,
                str(n % 2 == 0),
                "False",
            ]
        )
    return out.getvalue().encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=positive, default=100_000)
    parser.add_argument("--keep", type=Path, help="also write the generated export to this file")
    args = parser.parse_args()
    data = export(args.rows)
    if args.keep:
        args.keep.write_bytes(data)
    with tempfile.TemporaryDirectory():
        started = time.perf_counter()
        inputs = CheckInput(files={"files": [Upload("users.csv", data)]}, values={"stale_days": "90"})
        result = CHECK.run(CHECK.parse(inputs), Progress())
        seconds = time.perf_counter() - started
    summary = result.as_json()
    print(
        f"accounts check: {args.rows} rows ({len(data) / 1e6:.1f} MB) in {seconds:.2f} s "
        f"(target < {TARGET_SECONDS} s); enabled {summary['enabled']}, MFA coverage {summary['mfa_coverage']}"
    )
    return 0 if time_met(seconds < TARGET_SECONDS) else 1


if __name__ == "__main__":
    sys.exit(main())
