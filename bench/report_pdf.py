"""The owner's report as PDF: how long it takes (target: under 3 seconds) and how much memory it holds.

    python bench/report_pdf.py [--repeat 5] [-o report.pdf]

Builds a fresh SQLite database in a temporary folder (migrate, the demo company that `make run` seeds, and one
company of `rashinban demo --scale`: two years of diagnoses and staff answers, KPIs with their values, evidence
runs, drills), then times `render_owner_report(company, "pdf")` end to end for each: the queries, the scoring, the
layout and ReportLab. A first, unmeasured run loads the fonts and the question banks. The
memory figure is the growth of this process's peak resident size (VmHWM, reset before the timed runs).
Exit status 1 when any run takes 3 seconds or more, or the memory grows by MEMORY_LIMIT_MB or more.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_args import positive
from targets import time_met

TARGET_SECONDS = 3.0
MEMORY_LIMIT_MB = 200


def status(field: str) -> int:
    """A /proc/self/status figure in kB (0 where there is no /proc)."""
    path = Path("/proc/self/status")
    if not path.exists():
        return 0
    for line in path.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def prepare(data_dir: str) -> None:
    os.environ["RASHINBAN_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rashinban.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from rashinban.orgs.demo import seed_demo

    call_command("migrate", "--no-input", "-v", "0")
    seed_demo()
    from rashinban.orgs.demo_scale import generate

    generate(1, seed=21)  # one company with two years of everything


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=positive, default=5, help="timed runs after the first (default 5)")
    parser.add_argument("-o", "--output", type=Path, help="also save the PDF here")
    args = parser.parse_args(argv)
    met = True
    with tempfile.TemporaryDirectory(prefix="rashinban-bench-report-") as data_dir:
        prepare(data_dir)
        from rashinban.orgs.demo import DEMO_EMAIL
        from rashinban.orgs.demo_scale import EMAIL_DOMAIN
        from rashinban.orgs.models import Organisation
        from rashinban.reports.export import render_owner_report

        companies = [
            ("the demo company", Organisation.objects.get(memberships__user__email=DEMO_EMAIL)),
            (
                "a generated company with two years of data",
                Organisation.objects.filter(memberships__user__email__endswith="@" + EMAIL_DOMAIN).distinct().get(),
            ),
        ]
        for label, organisation in companies:
            times = []
            render_owner_report(organisation, "pdf", language="ja")  # warm: fonts, banks
            if Path("/proc/self/clear_refs").exists():
                Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the present size
            before = status("VmRSS")
            for _ in range(args.repeat + 1):
                started = time.perf_counter()
                rendered = render_owner_report(organisation, "pdf", language="ja")
                times.append(time.perf_counter() - started)
            grew_mb = max(0, status("VmHWM") - before) / 1024
            if args.output and organisation is companies[-1][1]:
                args.output.write_bytes(rendered.content)
            print(
                f"owner's report PDF of {label} ({len(rendered.content) / 1024:.0f} KB): median "
                f"{statistics.median(times):.2f} s, worst {max(times):.2f} s (target under {TARGET_SECONDS:.0f} s); "
                f"memory grew {grew_mb:.0f} MB (limit {MEMORY_LIMIT_MB} MB)"
            )
            met = met and time_met(max(times) < TARGET_SECONDS) and grew_mb < MEMORY_LIMIT_MB
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
