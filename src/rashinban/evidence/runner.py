"""The shared runner of every `rashinban check ...` command: one contract for all checks.

- `--json`: exactly one JSON object on stdout (`CheckResult.as_json()`), nothing else;
- exit 0 when no finding is medium or worse, 1 when there is one, 2 on bad input (message on stderr
  naming file, row and column; nothing on stdout);
- on a terminal and without `--json`, a progress bar for long runs;
- otherwise the findings worst first, in the locale's language, each with what to do.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from rashinban.evidence.findings import CheckResult, Finding
from rashinban.evidence.registry import Check, CheckInput, InputError, Progress, Upload
from rashinban.evidence.text import _

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
LISTED_ACCOUNTS = 20  # on a terminal; --json lists them all


class BarProgress(Progress):
    """click's progress bar, drawn only when stdout is a terminal."""

    def __init__(self, stack: ExitStack, label: str) -> None:
        self.stack, self.label, self.bar = stack, label, None

    def start(self, total: int) -> None:
        self.bar = self.stack.enter_context(click.progressbar(length=total, label=self.label, file=sys.stdout))

    def advance(self, steps: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(steps)


def today_option(command: Any) -> Any:
    """`--today YYYY-MM-DD`: the day a check counts ages and end-of-life dates from (default: today)."""
    from rashinban.i18n import _ as cli_

    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help=cli_("Date to check against (YYYY-MM-DD); default: today."),
    )(command)


def read_uploads(paths: Iterable[Path]) -> list[Upload]:
    """The files named on the command line, as the web page would receive them."""
    uploads = []
    for path in paths:
        try:
            uploads.append(Upload(path.name, path.read_bytes()))
        except OSError as error:
            raise InputError(
                _("cannot read the file: %(problem)s") % {"problem": error.strerror or error}, file=str(path)
            ) from error
    return uploads


def fail(message: str) -> None:
    click.echo(_("Error: %(message)s") % {"message": message}, err=True)
    sys.exit(EXIT_BAD_INPUT)


def run_command(check: Check, build_input: Any, as_json: bool) -> None:
    """Parse, run and print one check for the CLI, then exit with the contract's status.

    `build_input` is a CheckInput or a function returning one (it may raise InputError while reading files).
    """
    with _cli_language(), ExitStack() as stack:
        show_bar = not as_json and sys.stdout.isatty()
        progress = BarProgress(stack, _(check.title)) if show_bar else Progress()
        try:
            inputs: CheckInput = build_input() if callable(build_input) else build_input
            inputs.progress = progress
            data = check.parse(inputs)
        except InputError as error:
            stack.close()
            fail(str(error))
        result = check.run(data, progress)
        stack.close()  # end the bar before printing
        emit_result(check, result, as_json)


def emit_result(check: Check, result: CheckResult, as_json: bool) -> None:
    """Print a result as the contract says (one JSON object, or the findings worst first) and exit 0 or 1."""
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        print_result(check, result)
    sys.exit(EXIT_FINDINGS if result.failed else EXIT_OK)


def _cli_language() -> Any:
    """Inside a configured Django (tests, `manage.py`), the checkers' text follows the CLI locale too."""
    from contextlib import nullcontext

    from django.conf import settings

    if not settings.configured:
        return nullcontext()
    from django.utils import translation

    from rashinban.i18n import cli_language

    return translation.override(cli_language())


def severity_label(severity: str) -> str:
    labels = {
        "info": _("info"),
        "low": _("low"),
        "medium": _("medium"),
        "high": _("high"),
        "critical": _("critical"),
    }
    return labels.get(severity, severity)


def print_result(check: Check, result: CheckResult) -> None:
    click.echo(_(check.title))
    for key, value in summary_lines(result.summary):
        click.echo(f"  {key}: {value}")
    findings = result.sorted_findings()
    click.echo("")
    if not findings:
        click.echo(_("No findings: nothing to fix."))
        return
    for finding in findings:
        _print_finding(finding)


def _print_finding(finding: Finding) -> None:
    click.echo(f"[{severity_label(finding.severity)}] {finding.title} ({finding.count})")
    click.echo(f"    {finding.detail}")
    accounts = finding.extra.get("accounts") or finding.extra.get("items") or []
    if accounts:
        shown = ", ".join(accounts[:LISTED_ACCOUNTS])
        more = len(accounts) - LISTED_ACCOUNTS
        click.echo("    " + shown + (" " + _("and %(n)s more") % {"n": more} if more > 0 else ""))
    click.echo("")


def summary_lines(summary: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Flatten the check-specific summary for a terminal: nested objects as `spf.record`, lists joined."""
    lines: list[tuple[str, str]] = []
    for key, value in summary.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            lines += summary_lines(value, prefix=f"{name}.")
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            lines += [(name, ", ".join(f"{k}={v}" for k, v in item.items())) for item in value]
        elif isinstance(value, list):
            lines.append((name, ", ".join(str(item) for item in value) or "-"))
        elif value is None:
            lines.append((name, "-"))
        else:
            lines.append((name, str(value)))
    return lines
