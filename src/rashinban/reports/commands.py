"""`rashinban report`: the owner's report of one company as HTML, PDF or Excel.

Errors the user can fix (unknown company, unknown format, a file that exists) exit with status 2,
a message on stderr and no file written.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from rashinban.backups.commands import CommandError
from rashinban.i18n import _


def register(group: click.Group) -> None:
    """Add this capability's commands to the `rashinban` group."""
    group.add_command(report_command)


def _write(path: Path, content: bytes) -> None:
    # Written beside the target and renamed, so a failure never leaves half a report behind.
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(content)
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CommandError(
            _("%(file)s: cannot write: %(problem)s") % {"file": path, "problem": error.strerror}
        ) from error


@click.command("report", help=_("Write the owner's report of one company (HTML, PDF or Excel)."))
@click.option("--org", "slug", required=True, help=_("The company: its short name, its id or its exact name."))
@click.option(
    "--format", "fmt", required=True, type=click.Choice(["html", "pdf", "xlsx"]), help=_("Form of the report.")
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=_("File to write, e.g. report.pdf."),
)
@click.option(
    "--date",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help=_("Report as of this day (YYYY-MM-DD) in the company's time zone; default today."),
)
@click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    default=None,
    help=_("Language of the report; default: the company's language of reports."),
)
@click.option("--force", is_flag=True, help=_("Overwrite the file if it exists."))
def report_command(slug: str, fmt: str, output: Path, as_of: datetime | None, lang: str | None, force: bool) -> None:
    if output.exists() and not force:
        raise CommandError(_("%(file)s already exists; use --force to overwrite it") % {"file": output})
    from rashinban.cli import setup_django_in_cli_language

    setup_django_in_cli_language()
    from rashinban.orgs.lookup import cli_organisation
    from rashinban.reports.export import render_owner_report

    organisation = cli_organisation(slug)
    language = lang or organisation.language  # the company's language, not the terminal's
    rendered = render_owner_report(organisation, fmt, as_of=as_of.date() if as_of else None, language=language)
    _write(output, rendered.content)
    click.echo(_("Report of %(name)s written to %(file)s.") % {"name": organisation.name, "file": output})
