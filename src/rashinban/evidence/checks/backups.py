"""The 3-2-1 rule and its stricter 3-2-1-1-0 form, per data set of the backup register.

3-2-1: three copies of the data (the live data counts as one), on two kinds of media, one of them off site.
3-2-1-1-0 adds: one copy offline or immutable (ransomware cannot reach or change it) and zero errors in a
restore test (RESTORE_TEST_DAYS at most). Findings: `backup-321`, `backup-offline`, `backup-stale`,
`restore-untested`, `restore-failed`; with `--verify`, those of backup_verify.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from rashinban.evidence.checks import gettext_noop
from rashinban.evidence.checks.backup_register import MEDIA, MEDIUM_NAMES, Copy, Dataset, read_register
from rashinban.evidence.checks.backup_verify import (
    DEFAULT_MAX_AGE_DAYS,
    verification_findings,
    verify_folder,
)
from rashinban.evidence.findings import CheckResult, Finding
from rashinban.evidence.registry import Check, CheckInput, Column, Field, InputError, Progress
from rashinban.evidence.runner import today_option
from rashinban.evidence.text import _, ngettext
from rashinban.facts import fact
from rashinban.i18n import _ as cli_

# The one restore-test frequency of the product (facts: backup-restore-test-months; 12 months = 365 days).
RESTORE_TEST_DAYS = round(int(fact("backup-restore-test-months").value) * 365 / 12)  # type: ignore[arg-type]
GRACE_DAYS = 1  # a daily backup that ran yesterday morning is not late yet


@dataclass(frozen=True)
class Evaluation:
    dataset: Dataset
    copies: int
    media: int
    offsite: bool
    offline: bool
    last_test: Copy | None
    today: date

    @property
    def rule_321(self) -> bool:
        return self.copies >= 3 and self.media >= 2 and self.offsite

    @property
    def tested(self) -> bool:
        test = self.last_test
        return test is not None and (self.today - test.last_restore_test).days <= RESTORE_TEST_DAYS  # type: ignore[operator]

    @property
    def restore_failed(self) -> bool:
        return self.last_test is not None and bool(self.last_test.restore_errors)

    @property
    def rule_32110(self) -> bool:
        return self.rule_321 and self.offline and self.tested and not self.restore_failed

    def stale_copies(self) -> list[Copy]:
        def late(copy: Copy) -> bool:
            allowed = timedelta(days=(copy.frequency_days or self.dataset.frequency_days) + GRACE_DAYS)
            return copy.last_backup is None or self.today - copy.last_backup > allowed

        return [c for c in self.dataset.copies if late(c)]

    def problems_321(self) -> str:
        parts = []
        if self.copies < 3:
            parts.append(ngettext("%(count)s copy", "%(count)s copies", self.copies) % {"count": self.copies})
        if self.media < 2:
            parts.append(_("one kind of medium only"))
        if not self.offsite:
            parts.append(_("none off site"))
        return _(", ").join(parts)

    def as_json(self) -> dict[str, Any]:
        newest = max((c.last_backup for c in self.dataset.copies if c.last_backup), default=None)
        return {
            "name": self.dataset.name,
            "copies": self.copies,
            "media": self.media,
            "offsite": self.offsite,
            "offline_or_immutable": self.offline,
            "last_backup": newest.isoformat() if newest else None,
            "last_restore_test": self.last_test.last_restore_test.isoformat() if self.last_test else None,  # type: ignore[union-attr]
            "rule_321": self.rule_321,
            "rule_32110": self.rule_32110,
        }


def evaluate(dataset: Dataset, today: date) -> Evaluation:
    tests = [c for c in dataset.copies if c.last_restore_test is not None]
    return Evaluation(
        dataset=dataset,
        copies=1 + len(dataset.copies),
        media=len({dataset.original, *(c.medium for c in dataset.copies)}),
        offsite=any(c.offsite for c in dataset.copies),
        offline=any(c.offline for c in dataset.copies),
        last_test=max(tests, key=lambda c: c.last_restore_test) if tests else None,  # type: ignore[arg-type,return-value]
        today=today,
    )


def check_backups(
    datasets: list[Dataset], today: date, extra: list[Finding] | None = None, verify: dict[str, Any] | None = None
) -> CheckResult:
    evaluations = [evaluate(d, today) for d in datasets]
    failing = [e for e in evaluations if not e.rule_321]
    no_offline = [e for e in evaluations if not e.offline]
    stale = [(e, c) for e in evaluations for c in e.stale_copies()]
    untested = [e for e in evaluations if not e.tested and e.dataset.copies]
    failed = [e for e in evaluations if e.restore_failed]
    findings = [
        _finding(
            "backup-321",
            "high",
            [e.dataset.name for e in failing],
            [f"{e.dataset.name}: {e.problems_321()}" for e in failing],
            ngettext(
                "%(count)s data set does not follow the 3-2-1 rule",
                "%(count)s data sets do not follow the 3-2-1 rule",
                len(failing),
            ),
            _(
                "Keep three copies (the data itself and two backups), on two kinds of media (for example a NAS "
                "and the cloud), one of them away from the office, so that one fire, theft or failure cannot "
                "take them all."
            ),
        ),
        _finding(
            "backup-offline",
            "medium",
            [e.dataset.name for e in no_offline],
            [],
            ngettext(
                "%(count)s data set has no offline or immutable copy",
                "%(count)s data sets have no offline or immutable copy",
                len(no_offline),
            ),
            _(
                "Ransomware encrypts every backup it can reach over the network. Keep one copy disconnected (a "
                "disk unplugged after the backup, a tape) or immutable (cloud storage with object lock or "
                "version protection)."
            ),
        ),
        _finding(
            "backup-stale",
            "high",
            sorted({e.dataset.name for e, _c in stale}),
            [_stale_text(e, c) for e, c in stale],
            ngettext(
                "%(count)s backup copy is late or never ran",
                "%(count)s backup copies are late or never ran",
                len(stale),
            ),
            _(
                "A backup that silently stopped is found out on the day it is needed. Find out why it stopped, run "
                "it now, and have failures reported by mail."
            ),
            count=len(stale),
        ),
        _finding(
            "restore-untested",
            "medium",
            [e.dataset.name for e in untested],
            [_untested_text(e) for e in untested],
            ngettext(
                "%(count)s data set has not been restored as a test in the last year",
                "%(count)s data sets have not been restored as a test in the last year",
                len(untested),
            ),
            _(
                "Only a restore proves a backup. At least once a year, restore a few files and one whole data set "
                "to a spare place, time it, and write down the date and any errors."
            ),
        ),
        _finding(
            "restore-failed",
            "high",
            [e.dataset.name for e in failed],
            [f"{e.dataset.name}: {_restore_errors_text(e)}" for e in failed],
            ngettext(
                "%(count)s data set had errors in its last restore test",
                "%(count)s data sets had errors in its last restore test",
                len(failed),
            ),
            _("The backup cannot be trusted until a restore runs without errors. Fix the cause and test again."),
        ),
        *(extra or []),
    ]
    summary: dict[str, Any] = {
        "datasets_total": len(evaluations),
        "rule_321": sum(e.rule_321 for e in evaluations),
        "rule_32110": sum(e.rule_32110 for e in evaluations),
        "today": today.isoformat(),
        "register": [e.as_json() for e in evaluations],
    }
    if verify is not None:
        summary["verify"] = verify
    return CheckResult("backups", [f for f in findings if f is not None], summary)


def _finding(
    finding_id: str,
    severity: str,
    datasets: list[str],
    items: list[str],
    title: str,
    detail: str,
    count: int | None = None,
) -> Finding | None:
    if not datasets:
        return None
    count = len(datasets) if count is None else count
    extra: dict[str, Any] = {"datasets": datasets}
    if items:
        extra["items"] = items
    return Finding(finding_id, severity, title % {"count": count}, detail, count=count, extra=extra)


def _stale_text(evaluation: Evaluation, copy: Copy) -> str:
    if copy.last_backup is None:
        return _("%(copy)s: no successful backup recorded") % {"copy": copy.label(evaluation.dataset.name)}
    days = (evaluation.today - copy.last_backup).days
    return ngettext(
        "%(copy)s: last backup %(days)s day ago (%(date)s)", "%(copy)s: last backup %(days)s days ago (%(date)s)", days
    ) % {"copy": copy.label(evaluation.dataset.name), "days": days, "date": copy.last_backup.isoformat()}


def _untested_text(evaluation: Evaluation) -> str:
    if evaluation.last_test is None:
        return _("%(dataset)s: never tested") % {"dataset": evaluation.dataset.name}
    return _("%(dataset)s: last test %(date)s") % {
        "dataset": evaluation.dataset.name,
        "date": evaluation.last_test.last_restore_test.isoformat(),
    }  # type: ignore[union-attr]


def _restore_errors_text(evaluation: Evaluation) -> str:
    errors = evaluation.last_test.restore_errors or 0  # type: ignore[union-attr]
    return ngettext("%(count)s error", "%(count)s errors", errors) % {"count": errors}


# ---------------------------------------------------------------- the check: web form and `rashinban check backups`


@dataclass(frozen=True)
class BackupsInput:
    datasets: list[Dataset]
    today: date
    verify: Path | None = None  # only from the command line: the web never names a server path
    max_age_days: int = DEFAULT_MAX_AGE_DAYS


def parse(inputs: CheckInput) -> BackupsInput:
    uploads = inputs.uploads("register")
    if not uploads:
        raise InputError(_("fill in at least one row, or choose the filled-in backup register (Excel)"))
    verify = inputs.options.get("verify")
    return BackupsInput(
        read_register(uploads[0]),
        inputs.today or date.today(),
        Path(verify) if verify else None,
        int(inputs.options.get("max_age_days", DEFAULT_MAX_AGE_DAYS)),
    )


def run(data: BackupsInput, progress: Progress) -> CheckResult:
    if data.verify is None:
        return check_backups(data.datasets, data.today)
    verification = verify_folder(data.verify, progress)
    return check_backups(
        data.datasets,
        data.today,
        extra=verification_findings(verification, data.today, data.max_age_days),
        verify=verification.as_json(data.today),
    )


CHECK = Check(
    name="backups",
    title=gettext_noop("Backups"),
    description=gettext_noop(
        "Fill in your backups below, or upload the backup register (download the Excel template below): each data "
        "set with its backup copies, their medium and place, whether they are offline, the last backup and the last "
        "restore test. "
        "Each data set is checked against the 3-2-1 rule and its stricter 3-2-1-1-0 form."
    ),
    fields=(
        Field(
            "rows",
            gettext_noop("Your backups, one row per backup copy"),
            kind="table",
            into="register",
            rows=8,
            help=gettext_noop(
                "Repeat the data's name for each copy of it. Data with no backup at all: its name and no medium. "
                "Leave a cell blank when you do not know."
            ),
            columns=(
                Column("name", "データ", gettext_noop("Data (e.g. accounting, customer files)")),
                Column(
                    "frequency",
                    "頻度",
                    gettext_noop("How often"),
                    "choice",
                    (
                        ("daily", gettext_noop("daily")),
                        ("weekly", gettext_noop("weekly")),
                        ("monthly", gettext_noop("monthly")),
                    ),
                ),
                Column(
                    "medium",
                    "媒体",
                    gettext_noop("Backup kept on"),
                    "choice",
                    tuple((words[0], name) for kind, words in MEDIA.items() for name in (MEDIUM_NAMES[kind],)),
                ),
                Column(
                    "location",
                    "保管場所",
                    gettext_noop("Where it is kept"),
                    "choice",
                    (
                        ("社内", gettext_noop("in the office")),
                        ("社外", gettext_noop("elsewhere (another site, home, cloud)")),
                    ),
                ),
                Column("offline", "オフライン", gettext_noop("Offline or cannot be changed"), "yesno"),
                Column("last_backup", "最終バックアップ", gettext_noop("Last backup"), "date"),
                Column("last_restore_test", "最終復元テスト", gettext_noop("Last restore test"), "date"),
                Column("restore_errors", "復元エラー", gettext_noop("Errors in that test"), "number"),
            ),
        ),
        Field(
            "register",
            gettext_noop("Backup register (Excel or CSV)"),
            kind="file",
            required=False,
            accept=".xlsx,.csv",
        ),
    ),
    parse=parse,
    run=run,
    questions={
        "org-backups": (
            "backup-321",
            "backup-offline",
            "backup-stale",
            "verify-empty",
            "verify-stale",
            "verify-checksum",
        ),
        "org-restore-test": ("restore-untested", "restore-failed"),
    },
    order=40,
)


@click.command("backups", help=cli_(gettext_noop("Check a backup register (YAML or Excel) against the 3-2-1 rule.")))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@today_option
@click.option(
    "--verify",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help=cli_(gettext_noop("Also look at a backup folder: age of the newest file and its checksum list.")),
)
@click.option(
    "--max-age-days",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_AGE_DAYS,
    show_default=True,
    help=cli_(gettext_noop("With --verify: the newest file may be this many days old.")),
)
@click.option("--json", "as_json", is_flag=True, help=cli_(gettext_noop("Print JSON instead of text.")))
def COMMAND(file: Path, today: datetime | None, verify: Path | None, max_age_days: int, as_json: bool) -> None:
    from rashinban.evidence.runner import read_uploads, run_command

    def build() -> CheckInput:
        return CheckInput(
            files={"register": read_uploads([file])},
            today=today.date() if today else date.today(),
            options={"verify": str(verify) if verify else "", "max_age_days": max_age_days},
        )

    run_command(CHECK, build, as_json)
