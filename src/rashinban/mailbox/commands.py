"""`rashinban dmarc-report FILE... [--json]`: summarise DMARC aggregate reports offline (docs/notifications.md).

The contract of `rashinban check`: --json prints exactly one object
{"reports", "messages", "pass_rate", "sources": [...], "findings": [...]}; exit 0 when no finding is medium or
worse, 1 when one is, 2 on a file that cannot be read (the message names it; nothing on stdout).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from rashinban.i18n import _


@click.command("dmarc-report", help=_("Summarise DMARC aggregate reports (.xml, .xml.gz, .zip) per sending source."))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help=_("Print one JSON object instead of text."))
def dmarc_report(files: tuple[Path, ...], as_json: bool) -> None:
    from rashinban.evidence.runner import EXIT_FINDINGS, EXIT_OK, _cli_language, fail, print_result
    from rashinban.limits import LimitError
    from rashinban.mailbox import dmarc

    with _cli_language():
        summary = dmarc.Summary()
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as error:
                fail(f"{path}: {error.strerror or error}")
            try:
                for report in dmarc.parse(data, str(path)):
                    summary.add(report)
            except LimitError as error:
                fail(str(error))
        result = summary.verdict()
        if as_json:
            click.echo(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
        else:
            click.echo(
                _("%(reports)s reports, %(messages)s messages, %(rate)s passed DMARC")
                % {"reports": summary.reports, "messages": summary.messages, "rate": f"{summary.pass_rate:.1%}"}
            )
            for source in summary.ordered_sources()[:20]:
                click.echo(
                    f"  {source.source_ip:<40} {source.messages:>8}  SPF {source.spf_aligned:>6}  "
                    f"DKIM {source.dkim_aligned:>6}  DMARC {source.dmarc_pass:>6}  {source.disposition}"
                    + (f"  {source.service}" if source.service else "")
                )
            print_result(_Title(), result)
    sys.exit(EXIT_FINDINGS if result.failed else EXIT_OK)


class _Title:
    title = "DMARC aggregate reports"


def register(group: click.Group) -> None:
    group.add_command(dmarc_report)
