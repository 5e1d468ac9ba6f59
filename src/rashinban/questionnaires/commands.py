"""`rashinban questionnaire fill`: fill a customer's Excel questionnaire in its own layout."""

from __future__ import annotations

import json
from pathlib import Path

import click

from rashinban.i18n import _, cli_language


class CommandError(click.ClickException):
    exit_code = 2


@click.group("questionnaire", help=_("Customers' security questionnaires in Excel."))
def questionnaire_group() -> None:
    pass


def fill_workbook(
    organisation,
    data: bytes,
    name: str,
    sheet=None,
    question_column=None,
    answer_column=None,  # type: ignore[no-untyped-def]
    lang: str = "ja",
    overwrite: bool = False,
    edits=None,
):
    """(filled workbook bytes, layout, drafts, rows written): the one path of the CLI and the web page."""
    from rashinban.frameworks.gather import company_state
    from rashinban.questionnaires.answers import draft_for
    from rashinban.questionnaires.workbook import read_layout, write_answers

    layout = read_layout(data, name, sheet, question_column, answer_column)
    state = company_state(organisation)
    drafts = [draft_for(row.row, row.question, state, lang) for row in layout.rows]
    answers = {d.row: d.answer for d in drafts}
    answers.update(edits or {})
    content, written = write_answers(data, name, layout, answers, overwrite)
    return content, layout, drafts, written


@questionnaire_group.command(
    "fill", help=_("Propose answers from the company's records and write them into the customer's workbook.")
)
@click.option("--org", "slug", required=True, help=_("The company's short name (slug), e.g. minato-seiko."))
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sheet", default=None, help=_("Sheet with the questions (default: detected)."))
@click.option("--question-column", default=None, help=_("Column of the questions, e.g. C (default: detected)."))
@click.option("--answer-column", default=None, help=_("Column for the answers, e.g. D (default: detected)."))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help=_("File to write.")
)
@click.option("--overwrite", is_flag=True, help=_("Replace answers already in the sheet (formulas are always kept)."))
@click.option("--force", is_flag=True, help=_("Overwrite the output file if it exists."))
@click.option(
    "--json", "as_json", is_flag=True, help=_("Print each row with its match, answer and confidence as JSON.")
)
def fill_command(slug, source, sheet, question_column, answer_column, output, overwrite, force, as_json):  # type: ignore[no-untyped-def]
    from rashinban.limits import LimitError

    if output.exists() and not force:
        raise CommandError(_("%(file)s already exists; use --force to overwrite it") % {"file": output})
    if output.resolve() == source.resolve():
        raise CommandError(_("write the filled workbook to a new file, not over the customer's"))
    from rashinban.cli import setup_django_in_cli_language

    setup_django_in_cli_language()
    from rashinban.orgs.models import Organisation
    from rashinban.questionnaires.workbook import LIMITS

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(_("no company has the short name '%(slug)s'") % {"slug": slug})
    if source.stat().st_size > LIMITS.max_bytes:
        raise CommandError(_("%(file)s: the file is too large") % {"file": source.name})
    lang = cli_language()
    try:
        content, layout, drafts, written = fill_workbook(
            organisation, source.read_bytes(), source.name, sheet, question_column, answer_column, lang, overwrite
        )
    except LimitError as error:
        raise CommandError(str(error)) from error
    partial = output.with_name(output.name + ".part")
    partial.write_bytes(content)
    partial.replace(output)
    if as_json:
        rows = [
            d.to_json() | {"cell": r.answer_cell, "written": d.row in written}
            for d, r in zip(drafts, layout.rows, strict=True)
        ]
        click.echo(
            json.dumps(
                {
                    "sheet": layout.sheet,
                    "question_column": layout.question_column,
                    "answer_column": layout.answer_column,
                    "rows": rows,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(
        _(
            "%(n)s of %(total)s questions answered in %(file)s (sheet %(sheet)s, questions in %(q)s, answers in %(a)s). Check every answer before you send it."
        )
        % {
            "n": len(written),
            "total": len(drafts),
            "file": output,
            "sheet": layout.sheet,
            "q": layout.question_column,
            "a": layout.answer_column,
        }
    )


def register(group: click.Group) -> None:
    group.add_command(questionnaire_group)
