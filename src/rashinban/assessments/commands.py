"""Offline commands on question banks and answer files: `catalog`, `answers-template`, `score`.

They work on plain files, without the database: an advisor can score a client's filled-in sheet
on a laptop. Errors exit with status 2, a message on stderr and nothing on stdout.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import IO, Any

import click

from rashinban.assessments.answers import (
    FORMATS,
    AnswersFileError,
    option_ids,
    read_answers,
    write_template,
    yaml_template,
)
from rashinban.assessments.catalog import AUDIENCES, Catalog, CatalogError, builtin_catalogs, localized
from rashinban.assessments.scoring import Result, UnknownAnswersError, validate_answers
from rashinban.assessments.scoring import score as score_answers
from rashinban.i18n import _, cli_language, in_cli_language


class CommandError(click.ClickException):
    """A failure the user can fix: exit status 2, message on stderr."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(_("Error: %(message)s") % {"message": self.format_message()}, err=True)


def register(group: click.Group) -> None:
    """Add this capability's commands to the `rashinban` group."""
    group.add_command(catalog_group)
    group.add_command(answers_template)
    group.add_command(score_command)


def _catalogs() -> dict[str, Catalog]:
    try:
        return builtin_catalogs()
    except CatalogError as error:
        # A broken shipped bank is our bug, not the user's: a plain failure (status 1).
        raise click.ClickException(str(error)) from error


def _catalog(catalog_id: str) -> Catalog:
    catalogs = _catalogs()
    if catalog_id not in catalogs:
        raise CommandError(
            _("unknown question bank '%(id)s' (known: %(known)s)")
            % {"id": catalog_id, "known": ", ".join(sorted(catalogs))}
        )
    return catalogs[catalog_id]


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(header: list[str], rows: list[list[str]]) -> None:
    """Print aligned columns; Japanese characters count as two columns wide."""
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)]
        click.echo("  ".join(cells).rstrip())


def _level_name(level: str) -> str:
    names = {
        "low": _("low risk"),
        "medium": _("medium risk"),
        "high": _("high risk"),
        "critical": _("critical risk"),
    }
    return names.get(level, level)


# ---------------------------------------------------------------- rashinban catalog ...


@click.group("catalog", help=_("Inspect the built-in question banks."))
def catalog_group() -> None:
    pass


@catalog_group.command("list", help=_("List the built-in question banks."))
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON instead of a table."))
def catalog_list(as_json: bool) -> None:
    lang = cli_language()
    rows = [
        {
            "id": c.id,
            "version": c.version,
            "title": localized(c.title, lang),
            "sections": len(c.sections),
            "questions": len(c.all_questions()),
        }
        for c in _catalogs().values()
    ]
    if as_json:
        _echo_json(rows)
        return
    _table(
        [_("ID"), _("Version"), _("Sections"), _("Questions"), _("Title")],
        [[r["id"], str(r["version"]), str(r["sections"]), str(r["questions"]), r["title"]] for r in rows],
    )


@catalog_group.command("show", help=_("Show the questions and choices of one question bank."))
@click.argument("catalog_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON instead of text."))
def catalog_show(catalog_id: str, as_json: bool) -> None:
    catalog, lang = _catalog(catalog_id), cli_language()
    if as_json:
        _echo_json(_catalog_json(catalog, lang))
        return
    click.echo(f"{catalog.id} v{catalog.version}: {localized(catalog.title, lang)}")
    click.echo(localized(catalog.description, lang))
    only = {"management": _("(management only)"), "staff": _("(staff only)")}
    for section in catalog.sections:
        click.echo(f"\n[{section.id}] {localized(section.title, lang)}")
        for question in section.questions:
            audience = only.get(question.audience[0], "") if len(set(question.audience)) == 1 else ""
            click.echo(f"  {question.id}  {localized(question.text, lang)} {audience}".rstrip())
            for option in question.options:
                label = localized(option.label, lang)
                click.echo(f"      {option.id:<10} {option.points:>2}  {label}")


def _catalog_json(catalog: Catalog, lang: str) -> dict[str, Any]:
    return {
        "id": catalog.id,
        "version": catalog.version,
        "title": localized(catalog.title, lang),
        "sections": [
            {
                "id": section.id,
                "title": localized(section.title, lang),
                "questions": [
                    {
                        "id": question.id,
                        "text": localized(question.text, lang),
                        "audience": list(question.audience),
                        "critical": question.critical,
                        "options": [
                            {
                                "id": o.id,
                                "label": localized(o.label, lang),
                                "points": o.points,
                                "unknown": o.unknown,
                            }
                            for o in question.options
                        ],
                    }
                    for question in section.questions
                ],
            }
            for section in catalog.sections
        ],
    }


# ---------------------------------------------------------------- rashinban answers-template


@click.command("answers-template", help=_("Write a blank answer sheet (YAML or Excel) for a question bank."))
@click.option("--catalog", "catalog_id", required=True, help=_("Question bank id (see `rashinban catalog list`)."))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help=_("Sheet format; by default taken from the file name (.xlsx, else YAML)."),
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help=_("File to write; '-' prints YAML to standard output."),
)
@click.option(
    "--audience",
    type=click.Choice(AUDIENCES),
    default=None,
    help=_("Only the questions this audience answers (default: all)."),
)
@click.option("--force", is_flag=True, help=_("Overwrite the file if it exists."))
def answers_template(catalog_id: str, fmt: str | None, output: Path, audience: str | None, force: bool) -> None:
    catalog, lang = _catalog(catalog_id), cli_language()
    fmt = fmt or ("xlsx" if output.suffix.lower() == ".xlsx" else "yaml")
    if str(output) == "-":
        if fmt != "yaml":
            raise CommandError(_("only the YAML sheet can be printed to standard output"))
        click.echo(yaml_template(catalog, lang, audience), nl=False)
        return
    if output.exists() and not force:
        raise CommandError(_("%(file)s already exists; use --force to overwrite it") % {"file": output})
    try:
        write_template(catalog, fmt, output, lang, audience)
    except OSError as error:
        raise CommandError(
            _("cannot write %(file)s: %(problem)s") % {"file": output, "problem": error.strerror or error}
        ) from error
    count = len(catalog.questions_for(audience))
    click.echo(_("Wrote %(file)s with %(count)s questions.") % {"file": output, "count": count})


# ---------------------------------------------------------------- rashinban score


@click.command("score", help=_("Score a filled-in answer file (YAML, JSON or Excel)."))
@click.option(
    "--catalog",
    "catalog_id",
    default=None,
    help=_("Question bank id; by default the one named in the answer file."),
)
@click.option(
    "--answers",
    "answers_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=_("The answer file (.yaml, .yml, .json or .xlsx)."),
)
@click.option(
    "--audience",
    type=click.Choice(AUDIENCES),
    default=None,
    help=_("Score only the questions this audience answers (e.g. staff)."),
)
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON instead of a table."))
def score_command(catalog_id: str | None, answers_path: Path, audience: str | None, as_json: bool) -> None:
    with in_cli_language():
        _score(catalog_id, answers_path, audience, as_json)


def _score(catalog_id: str | None, answers_path: Path, audience: str | None, as_json: bool) -> None:
    try:
        named, answers = read_answers(answers_path)
    except AnswersFileError as error:
        raise CommandError(error.message) from error
    names = {"file": answers_path, "found": named, "expected": catalog_id}
    if catalog_id and named and named != catalog_id:
        raise CommandError(_("%(file)s is for question bank '%(found)s', not '%(expected)s'") % names)
    if not (catalog_id or named):
        raise CommandError(_("%(file)s does not name a question bank; pass --catalog") % names)
    catalog = _catalog(catalog_id or named or "")
    try:
        answers = option_ids(answers_path, catalog, answers, cli_language())
    except AnswersFileError as error:
        raise CommandError(error.message) from error
    try:
        validate_answers(catalog, answers)
    except UnknownAnswersError as error:
        raise CommandError(_("%(file)s: %(problem)s") % {"file": answers_path, "problem": error}) from error
    lang = cli_language()
    result = score_answers(catalog, answers, lang=lang, audience=audience)
    if as_json:
        _echo_json(result.to_json())
    else:
        _print_result(catalog, result, lang)


def _print_result(catalog: Catalog, result: Result, lang: str) -> None:
    titles = {s.id: localized(s.title, lang) for s in catalog.sections}
    click.echo(f"{localized(catalog.title, lang)} [{catalog.id} v{catalog.version}]")
    click.echo(
        _("Overall: %(score)s/100, %(level)s")
        % {"score": result.overall_score, "level": _level_name(result.overall_level)}
    )
    click.echo("")
    _table(
        [_("ID"), _("Section"), _("Score"), _("Risk"), _("Answered")],
        [[s.id, titles[s.id], str(s.score), _level_name(s.level), f"{s.answered}/{s.total}"] for s in result.sections],
    )
    _print_tags(catalog, result, lang)
    click.echo("")
    click.echo(_("Where to start:"))
    for rec in result.recommendations:
        click.echo(f"{rec.priority}. {rec.title} ({rec.section})")
        click.echo(f"   {rec.lesson}")
        for step in rec.steps:
            principle = _("Principle %(number)s") % {"number": step["principle"]}
            click.echo(f"   - [{principle}] {step['text']}")


def _print_tags(catalog: Catalog, result: Result, lang: str) -> None:
    """For banks tagged with threats and drill steps (the security self-check): what the score means, per threat and step."""
    band = catalog.band(result.overall_level)
    if band is not None:
        click.echo(f"{localized(band.title, lang)}: {localized(band.meaning, lang)}")
        click.echo(localized(band.next, lang))
    if result.threats:
        titles = {t.id: localized(t.title, lang) for t in catalog.threats}
        click.echo("")
        _table(
            [_("ID"), _("Threat"), _("Score"), _("Risk")],
            [[t.id, titles[t.id], str(t.score), _level_name(t.level)] for t in result.threats],
        )
    if result.steps:
        steps = {d.step: localized(d.title, lang) for d in catalog.drill_steps}
        click.echo("")
        _table(
            [_("Step"), _("Drill step"), _("Score")],
            [[str(s.step), steps.get(s.step, ""), str(s.score)] for s in result.steps],
        )
