"""Benchmark of the password meter and the devices check: how fast the answers come.

    .venv/bin/python bench/evidence_checks.py [--passwords 300] [--devices 10000]

The meter runs the checker on every pause in typing, so its 95th-percentile time per password must stay well
under the 250 ms debounce (target: 100 ms). The devices check reads and checks a 10,000-row Excel inventory
(target: 8 s; most of it is openpyxl reading the sheet). Prints both figures and exits 1 above a target.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import string
import sys
import time
from datetime import date
from pathlib import Path

from bench_args import positive
from targets import time_met

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
# The checks speak the reader's language (findings explain jargon from the glossary): Django's settings hold it.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rashinban.config.settings")
import django  # noqa: E402

django.setup()

from openpyxl import Workbook  # noqa: E402

from rashinban.evidence.checks.devices import CHECK as DEVICES  # noqa: E402
from rashinban.evidence.checks.password_strength import assess  # noqa: E402
from rashinban.evidence.registry import CheckInput, Progress, Upload  # noqa: E402

METER_TARGET_MS = 100.0
DEVICES_TARGET_S = 8.0
WORDS = ["sakura", "tanaka", "Kaisha", "qwerty", "P@ssw0rd", "lantern", "seaweed", "2026", '!"#$', "tokyo"]
SYSTEMS = ["Windows 11 Pro 24H2", "Windows 10 Pro", "macOS 14", "iOS 18", "Android 12", "Windows Server 2019"]


def passwords(count: int, rng: random.Random) -> list[str]:
    alphabet = string.ascii_letters + string.digits + string.punctuation
    result = []
    for i in range(count):
        if i % 2:
            result.append("".join(rng.choice(alphabet) for _ in range(rng.randint(6, 40))))
        else:
            result.append("".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5))))
    return result


def meter_p95_ms(count: int, rng: random.Random) -> float:
    times = []
    for password in passwords(count, rng):
        started = time.perf_counter()
        assess(password)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[int(len(times) * 0.95) - 1]


def inventory(rows: int, rng: random.Random) -> Upload:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("機器台帳")
    sheet.append(["端末名", "種類", "OS", "自動更新", "ウイルス対策/EDR", "ディスク暗号化", "利用者", "所有"])
    for i in range(rows):
        sheet.append(
            [
                f"PC-{i:05d}",
                "ノートPC",
                rng.choice(SYSTEMS),
                rng.choice(["はい", "いいえ", ""]),
                rng.choice(["Defender", "なし"]),
                rng.choice(["BitLocker", "なし", ""]),
                f"社員{i}",
                rng.choice(["会社", "私物"]),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return Upload("devices.xlsx", buffer.getvalue())


def devices_seconds(rows: int, rng: random.Random) -> float:
    upload = inventory(rows, rng)
    started = time.perf_counter()
    data = DEVICES.parse(CheckInput(files={"inventory": [upload]}, today=date(2026, 11, 25)))
    result = DEVICES.run(data, Progress())
    assert result.summary["devices_total"] == rows
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passwords", type=positive, default=300)
    parser.add_argument("--devices", type=positive, default=10_000)
    args = parser.parse_args()
    rng = random.Random(1)
    assess("warm-up")
    p95 = meter_p95_ms(args.passwords, rng)
    seconds = devices_seconds(args.devices, rng)
    print(f"password meter: p95 {p95:.1f} ms per password over {args.passwords} (target < {METER_TARGET_MS:.0f} ms)")
    print(f"devices check: {args.devices} Excel rows in {seconds:.2f} s (target < {DEVICES_TARGET_S:.0f} s)")
    return 0 if time_met(p95 < METER_TARGET_MS and seconds < DEVICES_TARGET_S) else 1


if __name__ == "__main__":
    sys.exit(main())
