"""Benchmark of operations at scale (issue 21): backup and restore at two database sizes (time linear in size,
peak memory bounded), and an advisor with 500 client companies (portfolio page, its Excel export, and the export's
peak memory).

    .venv/bin/python bench/operations.py [--sizes 250,500] [--repeat 20]

For each size: a fresh SQLite installation in a temporary folder (`--database-url-prefix` for PostgreSQL:
databases <prefix>_<size> are created and dropped), `rashinban demo --scale <size>`, then `rashinban backup` and
`rashinban restore` into a second empty installation, each a process of its own measured by GNU time (wall
seconds, peak resident memory). On the largest size, one advisor is made a member of every company and their
portfolio is fetched --repeat times by a signed-in client in this process (the second factor verified), then the
Excel export; the export's peak memory is the growth of this process's VmHWM (reset just before).

Targets: backup and restore time per company at the larger size at most LINEAR_SLACK times that at the smaller
(linear growth); their peak memory under MEMORY_LIMIT_MB; the portfolio's worst time under PORTFOLIO_MS; the
export under EXPORT_S. Exit status 0 when met (time targets not enforced in smoke mode), 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_args import positive
from targets import enforced, time_met

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
RASHINBAN = str(Path(sys.executable).with_name("rashinban"))
MEMORY_LIMIT_MB = 500
LINEAR_SLACK = 1.5
PORTFOLIO_MS = 300
EXPORT_S = 5.0


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, stdout) of one command in a process of its own, by GNU time."""
    report = tempfile.NamedTemporaryFile(suffix=".time", delete=False)  # noqa: SIM115 - read back below
    report.close()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", "-o", report.name, *command],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    seconds, kilobytes = Path(report.name).read_text().split()[-2:]
    os.unlink(report.name)
    return float(seconds), int(kilobytes) / 1024, result.stdout


def installation(folder: Path, database_url: str) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(RASHINBAN_DATA_DIR=str(folder), LANG="C")
    if database_url:
        env["DATABASE_URL"] = database_url
    subprocess.run([RASHINBAN, "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    return env


def postgres(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql)  # type: ignore[arg-type]


def backup_and_restore(size: int, work: Path, prefix: str) -> dict:
    source_url = target_url = ""
    if prefix:
        server, name = prefix.rsplit("/", 1)
        source_url, target_url = f"{prefix}_{size}", f"{prefix}_{size}_restored"
        for url in (source_url, target_url):
            postgres(server, f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")
            postgres(server, f"CREATE DATABASE {url.rsplit('/', 1)[1]}")
    source = installation(work / f"source-{size}", source_url)
    generated, _peak, _out = timed([RASHINBAN, "demo", "--scale", str(size)], source)
    archive = work / f"backup-{size}.zip"
    backup_s, backup_mb, _out = timed([RASHINBAN, "backup", "-o", str(archive)], source)
    target = installation(work / f"target-{size}", target_url)
    restore_s, restore_mb, _out = timed([RASHINBAN, "restore", str(archive)], target)
    row = {
        "companies": size, "generated_s": generated, "archive_mb": archive.stat().st_size / 1e6,
        "backup_s": backup_s, "backup_peak_mb": backup_mb, "restore_s": restore_s, "restore_peak_mb": restore_mb,
        "source": source,
    }  # fmt: skip
    print(
        f"{size:>6} companies: archive {row['archive_mb']:.1f} MB; backup {backup_s:.1f} s, peak {backup_mb:.0f} MB; "
        f"restore {restore_s:.1f} s, peak {restore_mb:.0f} MB (generated in {generated:.0f} s)",
        flush=True,
    )
    return row


def status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def advisor_portfolio(env: dict[str, str], repeat: int) -> dict:
    """In this process, on the installation `env` describes: one advisor of every company, their pages timed."""
    os.environ.update({k: env[k] for k in ("RASHINBAN_DATA_DIR", "DATABASE_URL") if k in env})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rashinban.config.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY

    from rashinban.orgs import backends
    from rashinban.orgs.choices import Role
    from rashinban.orgs.models import EncryptedTOTPDevice, Membership, Organisation, User

    setup_test_environment()
    advisor = User.objects.create_user(email="portfolio-advisor@bench.example.com", password="bench-password-123")
    now = timezone.now()
    Membership.objects.bulk_create(
        [Membership(user=advisor, organisation_id=pk, role=Role.ADVISOR, created_at=now)
         for pk in Organisation.objects.values_list("pk", flat=True)],
        batch_size=1000,
    )  # fmt: skip
    device = EncryptedTOTPDevice.objects.create(user=advisor, name="bench", confirmed=True)
    client = Client()
    client.force_login(advisor, backend=backends.PATH)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    clients = Membership.objects.filter(user=advisor).count()
    assert client.get("/advisor/").status_code == 200  # once unmeasured: the process's first page loads templates
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get("/advisor/")
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the present size
    before = status("VmRSS")
    started = time.perf_counter()
    export = client.get("/advisor/clients.xlsx")
    body = b"".join(export.streaming_content) if export.streaming else export.content
    export_s = time.perf_counter() - started
    grew_mb = max(0, status("VmHWM") - before) / 1024
    assert export.status_code == 200 and body[:2] == b"PK", export.status_code
    row = {
        "clients": clients, "portfolio_median_ms": statistics.median(times) * 1000, "portfolio_worst_ms":
        max(times) * 1000, "export_s": export_s, "export_mb": len(body) / 1e6, "export_grew_mb": grew_mb,
    }  # fmt: skip
    print(
        f"advisor with {clients} clients: portfolio median {row['portfolio_median_ms']:.0f} ms, worst "
        f"{row['portfolio_worst_ms']:.0f} ms over {repeat}; Excel export {export_s:.2f} s "
        f"({row['export_mb']:.2f} MB), memory grew {grew_mb:.0f} MB",
        flush=True,
    )
    return row


def main(argv: list[str]) -> int:
    smoke = not enforced()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,20" if smoke else "250,500", help="companies, two sizes")
    parser.add_argument("--repeat", type=positive, default=3 if smoke else 20)
    parser.add_argument("--database-url-prefix", default="", help="e.g. postgres://postgres@127.0.0.1:5432/rb_ops")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = Path(tempfile.mkdtemp(prefix="rashinban-ops-"))
    try:
        rows = [backup_and_restore(size, work, args.database_url_prefix) for size in sizes]
        advisor = advisor_portfolio(rows[-1]["source"], args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if args.database_url_prefix:
            server = args.database_url_prefix.rsplit("/", 1)[0]
            name = args.database_url_prefix.rsplit("/", 1)[1]
            for size in sizes:
                for suffix in ("", "_restored"):
                    postgres(server, f"DROP DATABASE IF EXISTS {name}_{size}{suffix} WITH (FORCE)")
    small, large = rows[0], rows[-1]
    growth = large["companies"] / small["companies"]
    checks = []
    for step in ("backup", "restore"):
        ratio = (large[f"{step}_s"] / max(small[f"{step}_s"], 1e-3)) / growth
        checks.append((time_met(ratio <= LINEAR_SLACK), f"{step} time per company at {large['companies']} is "
                       f"{ratio:.2f}x that at {small['companies']} (at most {LINEAR_SLACK}x: linear)"))  # fmt: skip
        peak = max(r[f"{step}_peak_mb"] for r in rows)
        checks.append((peak < MEMORY_LIMIT_MB, f"{step} peak memory {peak:.0f} MB < {MEMORY_LIMIT_MB} MB"))
    checks += [
        (time_met(advisor["portfolio_worst_ms"] < PORTFOLIO_MS),
         f"portfolio of {advisor['clients']} clients worst {advisor['portfolio_worst_ms']:.0f} ms < {PORTFOLIO_MS} ms"),
        (time_met(advisor["export_s"] < EXPORT_S), f"Excel export {advisor['export_s']:.2f} s < {EXPORT_S} s"),
        (advisor["export_grew_mb"] < MEMORY_LIMIT_MB,
         f"Excel export memory grew {advisor['export_grew_mb']:.0f} MB < {MEMORY_LIMIT_MB} MB"),
    ]  # fmt: skip
    for met, text in checks:
        print(f"{'met   ' if met else 'MISSED'} {text}")
    if not enforced():
        print("(smoke mode: time targets are not enforced, so a time shown as met may not be)")
    return 0 if all(met for met, _text in checks) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
