"""Benchmark of `rashinban dmarc-report`: 1,000 DMARC aggregate report files summarised in under 10 seconds.

    .venv/bin/python bench/dmarc_reports.py [--files 1000] [--records 40] [--keep DIR]

Writes report files the way receivers send them (a third each as .xml, .xml.gz and .zip; Google-, Microsoft-
and Yahoo-like metadata; 1-80 records each, about 40 on average, over 300 sending addresses, a few unaligned
services and impostors), then runs the real command, `rashinban dmarc-report FILE... --json`, in a child
process and times it from start to exit (Python and Django start-up included). Records the child's peak
memory (maximum resident set size). Exit 1 above the time or memory target.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from bench_args import positive
from targets import time_met

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 10.0
TARGET_PEAK_MB = 400  # a bound, not a goal: the summary is streamed, one file at a time
RECEIVERS = ["google.com", "Outlook.com", "Yahoo", "mail.ru", "Enterprise Outlook"]


def record(rng: random.Random, ip: str, kind: str) -> str:
    count = rng.choice([1, 1, 2, 3, 5, 8, 20, 120])
    if kind == "own":
        dkim, spf, auth = (
            "pass",
            rng.choice(["pass", "pass", "fail"]),
            "<dkim><domain>a.example</domain><result>pass</result></dkim>",
        )
    elif kind == "service":
        dkim, spf = "fail", "fail"
        auth = "<dkim><domain>sendgrid.net</domain><result>pass</result></dkim><spf><domain>sendgrid.net</domain><result>pass</result></spf>"
    else:
        dkim, spf, auth = "fail", "fail", "<spf><domain>a.example</domain><result>fail</result></spf>"
    return (
        f"<record><row><source_ip>{ip}</source_ip><count>{count}</count><policy_evaluated><disposition>none"
        f"</disposition><dkim>{dkim}</dkim><spf>{spf}</spf></policy_evaluated></row><identifiers>"
        f"<envelope_from>a.example</envelope_from><header_from>a.example</header_from></identifiers>"
        f"<auth_results>{auth}</auth_results></record>"
    )


def report(rng: random.Random, number: int, mean_records: int) -> bytes:
    receiver = rng.choice(RECEIVERS)
    records = []
    for _ in range(max(1, min(int(rng.expovariate(1 / mean_records)), mean_records * 2))):
        roll = rng.random()
        kind = "own" if roll < 0.85 else "service" if roll < 0.93 else "spoof"
        ip = (
            f"203.0.113.{rng.randint(1, 100)}"
            if kind == "own"
            else (f"198.51.100.{rng.randint(1, 20)}" if kind == "service" else f"192.0.2.{rng.randint(1, 180)}")
        )
        records.append(record(rng, ip, kind))
    begin = 1775433600 + 86400 * (number % 30)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feedback><version>1.0</version><report_metadata>'
        f"<org_name>{receiver}</org_name><email>dmarc@{receiver.lower().replace(' ', '')}</email>"
        f"<report_id>{number}-{rng.getrandbits(48):x}</report_id><date_range><begin>{begin}</begin>"
        f"<end>{begin + 86399}</end></date_range></report_metadata><policy_published><domain>a.example</domain>"
        "<adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>"
        + "\n".join(records)
        + "</feedback>"
    ).encode()


def write_files(directory: Path, files: int, mean_records: int) -> tuple[list[Path], int]:
    rng = random.Random(1)
    paths, size = [], 0
    for number in range(files):
        xml = report(rng, number, mean_records)
        form = number % 3
        if form == 0:
            path, data = directory / f"r{number}.xml", xml
        elif form == 1:
            path, data = directory / f"r{number}.xml.gz", gzip.compress(xml)
        else:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(f"r{number}.xml", xml)
            path, data = directory / f"r{number}.zip", buffer.getvalue()
        path.write_bytes(data)
        paths.append(path)
        size += len(data)
    return paths, size


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=positive, default=1000)
    parser.add_argument("--records", type=positive, default=40, help="mean records per report")
    parser.add_argument("--keep", default="", help="write the files here and keep them")
    args = parser.parse_args(argv)
    directory = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dmarc-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    try:
        paths, size = write_files(directory, args.files, args.records)
        command = [str(Path(sys.executable).parent / "rashinban"), "dmarc-report", *map(str, paths), "--json"]
        if not Path(command[0]).exists():
            command = [sys.executable, "-m", "rashinban.cli", *command[1:]]
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, cwd=directory)
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    finally:
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)
    if result.returncode not in (0, 1):
        print(result.stderr, file=sys.stderr)
        return 1
    data = json.loads(result.stdout)
    records = sum(s["messages"] for s in data["sources"])
    print(
        f"dmarc-report: {data['reports']:,} reports ({size / 1e6:.1f} MB in {args.files:,} files), "
        f"{data['messages']:,} messages from {len(data['sources'])} sources, pass rate {data['pass_rate']:.1%}, "
        f"findings {[f['id'] for f in data['findings']]}"
    )
    print(
        f"  {seconds:.2f} s (target < {TARGET_SECONDS:.0f} s), peak memory {peak_mb:.0f} MB (bound {TARGET_PEAK_MB} MB)"
    )
    ok = data["reports"] == args.files and records == data["messages"]
    if not ok:
        print("  every file must count once", file=sys.stderr)
    return 0 if ok and time_met(seconds < TARGET_SECONDS and peak_mb < TARGET_PEAK_MB) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
