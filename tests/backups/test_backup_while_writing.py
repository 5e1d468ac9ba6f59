"""A backup taken while people keep working: one consistent snapshot, and nobody waits for it.

A writer process commits pairs of companies, both rows of a pair in one transaction, as fast as it can
while `rashinban backup` dumps a database large enough to take seconds. The archive must hold only
whole pairs, and the writer must keep committing during the dump instead of waiting for it to end.
"""

from __future__ import annotations

import json
import time
import zipfile
from collections import Counter
from pathlib import Path

from tests.backups.installations import Installations

FILLER = 60_000  # a dump of a second or more
FILL = f"""
from rashinban.orgs.models import Organisation
Organisation.objects.bulk_create((Organisation(name=f"filler-{{i}}", slug=f"filler-{{i}}") for i in range({FILLER})), batch_size=5000)
"""
WRITER = """
import sys, time
from pathlib import Path
from django.db import transaction
from rashinban.orgs.models import Organisation

stop = Path(sys.argv[1])
commits = []  # printed at the end: a full pipe would block the writer, not the backup
while not stop.exists():
    with transaction.atomic():
        Organisation.objects.create(name=f"pair-{len(commits)}-a")
        Organisation.objects.create(name=f"pair-{len(commits)}-b")
    commits.append(time.time())
    if len(commits) == 10:
        Path(sys.argv[1] + ".started").touch()
    time.sleep(0.002)  # a busy office, not a benchmark: leave the backup some CPU
for when in commits:
    print(repr(when))
"""


def test_backup_is_one_snapshot_and_does_not_block_writers(installations: Installations, tmp_path: Path) -> None:
    source = installations.new("source")
    source.rashinban("migrate")
    source.python(FILL)
    stop, archive = tmp_path / "stop", tmp_path / "busy.zip"
    writer = source.popen(WRITER.replace("sys.argv[1]", repr(str(stop))))
    try:
        while not Path(f"{stop}.started").exists():  # the writer is committing
            assert writer.poll() is None, writer.communicate()[1]
            time.sleep(0.05)
        started = time.time()
        source.rashinban("backup", "-o", str(archive))
        finished = time.time()
    finally:
        stop.touch()
        output, errors = writer.communicate(timeout=60)
    assert writer.returncode == 0, errors
    commits = [float(line) for line in output.split()]

    with zipfile.ZipFile(archive) as opened:
        rows = [json.loads(line) for line in opened.read("data/orgs.organisation.jsonl").splitlines()]
    names = [row["fields"]["name"] for row in rows]
    halves = Counter(name.rsplit("-", 1)[0] for name in names if name.startswith("pair-"))
    assert halves, "the archive should hold the pairs committed before the backup began"
    assert set(halves.values()) == {2}, "the archive holds half a pair: not one snapshot"
    assert sum(name.startswith("filler-") for name in names) == FILLER

    during = [when for when in commits if started < when < finished]
    gaps = [later - earlier for earlier, later in zip([started, *during], [*during, finished], strict=True)]
    assert len(during) > 20, f"the writer committed {len(during)} pairs in {finished - started:.1f} s of backup"
    assert max(gaps) < (finished - started) / 2, f"the writer waited {max(gaps):.2f} s"
    assert len(halves) < len(commits)  # pairs committed after the snapshot are not in it
