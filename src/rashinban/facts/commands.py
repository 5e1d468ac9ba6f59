"""`rashinban facts list`: every fact the product states, with its source and dates."""

from __future__ import annotations

import json
import sys
from datetime import date

import click

from rashinban.facts.registry import FactsError, all_facts
from rashinban.i18n import _, cli_language


@click.group("facts", help=_("The dated facts the product states (deadlines, end-of-life dates, programmes, limits)."))
def facts_group() -> None:
    pass


@facts_group.command("list", help=_("List every fact with its value, dates and source."))
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON instead of a table."))
def facts_list(as_json: bool) -> None:
    try:
        facts = all_facts()
    except FactsError as error:
        click.echo(_("Error: %(message)s") % {"message": error}, err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps([f.to_json() for f in facts], ensure_ascii=False, indent=2))
        return
    lang, today = cli_language(), date.today()
    for item in facts:
        stale = "  " + _("(past its review-by date)") if item.is_stale(today) else ""
        click.echo(f"{item.id}: {item.value_text(lang)}{stale}")
        click.echo(f"    {item.text(lang)}")
        click.echo(f"    {item.citation(lang)}")


def register(group: click.Group) -> None:
    group.add_command(facts_group)
