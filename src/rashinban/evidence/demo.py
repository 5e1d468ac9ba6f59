"""Evidence for `demo --scale`: each company's uploads of the sample files (backup register, devices inventory,
password policy), checked once by the real checks and stored as runs over the two years, in bulk."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from rashinban.evidence.checks.samples import BACKUP_REGISTER, DEVICES_INVENTORY, PASSWORD_POLICY, STATIC_DIR
from rashinban.evidence.models import CheckRun, RunSource
from rashinban.evidence.registry import CheckInput, Progress, Upload, get_check
from rashinban.orgs.models import Organisation, User

UPLOADS = (("backups", "register", BACKUP_REGISTER), ("devices", "inventory", DEVICES_INVENTORY),
           ("password-policy", "policy", PASSWORD_POLICY))  # fmt: skip
RUNS_PER_CHECK = (0, 4)  # how often a company uploaded each file in the two years


@cache
def _sample_results(today: date) -> tuple[tuple[str, str, dict[str, Any], str, bool, int], ...]:
    """(check, file name, result JSON, worst, failed, findings) of each shipped sample, by the check itself."""
    out = []
    for name, field_name, file_name in UPLOADS:
        check = get_check(name)
        inputs = CheckInput(files={field_name: [Upload(file_name, (STATIC_DIR / file_name).read_bytes())]}, today=today)
        result = check.run(check.parse(inputs), Progress())
        out.append((name, file_name, result.as_json(), result.worst or "", result.failed, len(result.findings)))
    return tuple(out)


def seed_at_scale(companies: Sequence[tuple[Organisation, User]], rng: random.Random, now: datetime) -> int:
    """0–4 uploads of each sample per company, spread over two years; returns the runs written."""
    samples = _sample_results(now.date())
    runs = []
    for organisation, owner in companies:
        for name, file_name, result, worst, failed, count in samples:
            for _ in range(rng.randint(*RUNS_PER_CHECK)):
                runs.append(
                    CheckRun(
                        organisation=organisation, check_name=name, created_at=now - timedelta(
                            days=rng.randint(1, 730), minutes=rng.randint(0, 600)),
                        created_by=owner, source=RunSource.WEB, input_name=file_name, result=result, worst=worst,
                        failed=failed, finding_count=count,
                    )
                )  # fmt: skip
    CheckRun.objects.bulk_create(runs, batch_size=1000)
    return len(runs)
