"""`rashinban next-steps`: a company's ranked steps, as the dashboard, the report and the API show them.

`--json` prints {"organisation": slug, "steps": [{"rank", "id", "title", "sources", "due", "assignee_role",
"reasons"}]}; without it a readable table. Titles, reasons and headings are in the company's language (its
"language of reports"), or in `--lang`. An unknown or ambiguous `--org` exits 2 naming the candidates.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime

import click

from rashinban.i18n import _, gettext_in, gettext_noop


def register(group: click.Group) -> None:
    group.add_command(next_steps_command)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


ROLE_NAMES = {
    "owner": gettext_noop("Owner"),
    "member": gettext_noop("Member (staff)"),
    "advisor": gettext_noop("Advisor"),
}
NO_STEPS = gettext_noop("%(name)s (%(slug)s): no open steps.")
HEADING = gettext_noop("Next steps of %(name)s (%(slug)s)")
COLUMNS = (gettext_noop("Due"), gettext_noop("Person in charge"), gettext_noop("Step"))


def table(slug: str, name: str, steps: list, lang: str) -> str:  # type: ignore[type-arg]
    """The steps as a plain-text table in `lang`, one step per row and its reasons below it."""

    def t(message: str) -> str:
        return gettext_in(lang, message)

    if not steps:
        return t(NO_STEPS) % {"name": name, "slug": slug}
    header = ["#", *map(t, COLUMNS)]
    rows = [[str(s.rank), s.due.isoformat(), t(ROLE_NAMES.get(s.assignee_role, s.assignee_role)), s.title_in(lang)]
            for s in steps]  # fmt: skip
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(3)]
    indent = sum(widths) + 3 * 2
    lines = [t(HEADING) % {"name": name, "slug": slug}, ""]
    lines.append("  ".join(_pad(cell, widths[i]) if i < 3 else cell for i, cell in enumerate(header)))
    for step, row in zip(steps, rows, strict=True):
        lines.append("  ".join(_pad(cell, widths[i]) if i < 3 else cell for i, cell in enumerate(row)))
        for reason in step.reasons_in(lang):
            lines.append(" " * indent + "· " + reason)
        lines.append(" " * indent + "[" + ", ".join(step.sources) + "]")
    return "\n".join(lines)


@click.command("next-steps", help=_("Show a company's next steps, ranked, with due dates and who should do them."))
@click.option("--org", "org", required=True, help=_("The company: its short name, its id or its exact name."))
@click.option("--limit", type=click.IntRange(1, 10_000), default=None, help=_("Show only the first N steps."))
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help=_("Plan as of this day (YYYY-MM-DD); default: today in the company's time zone."),
)
@click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    default=None,
    help=_("Language of the steps; default: the company's language of reports."),
)
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON instead of a table."))
def next_steps_command(org: str, limit: int | None, today: datetime | None, lang: str | None, as_json: bool) -> None:
    from rashinban.cli import setup_django_in_cli_language

    setup_django_in_cli_language()
    from rashinban.nextsteps import plan_for
    from rashinban.orgs.lookup import cli_organisation

    organisation = cli_organisation(org)
    language = lang or organisation.language
    steps = plan_for(organisation, today.date() if today else None).steps
    steps = steps[:limit] if limit else steps
    if as_json:
        document = {"organisation": organisation.slug, "steps": [step.as_json(language) for step in steps]}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        click.echo(table(organisation.slug, organisation.name, steps, language))
