"""`rashinban frameworks list | show | readiness | validate`: the framework library and a company's readiness."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click import ClickException

from rashinban.i18n import _, cli_language


class CommandError(ClickException):
    exit_code = 2


@click.group("frameworks", help=_("Frameworks customers ask for (SECURITY ACTION, METI ★3/★4, ISO, NIST, CIS)."))
def frameworks_group() -> None:
    pass


def _library():  # type: ignore[no-untyped-def]
    from rashinban.cli import setup_django_in_cli_language

    setup_django_in_cli_language()
    from rashinban.frameworks.library import FrameworkError, builtin_frameworks

    try:
        return builtin_frameworks()
    except FrameworkError as error:
        raise CommandError(str(error)) from error


def _framework(framework_id: str, organisation=None):  # type: ignore[no-untyped-def]
    library = _library()
    if organisation is not None:
        from rashinban.frameworks.own import frameworks_for

        library = frameworks_for(organisation)
    if framework_id not in library:
        raise CommandError(
            _("no framework has the id '%(id)s'; known: %(known)s") % {"id": framework_id, "known": ", ".join(library)}
        )
    return library[framework_id]


@frameworks_group.command("list", help=_("List the frameworks of the library."))
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON instead of a table."))
def list_command(as_json: bool) -> None:
    from rashinban.frameworks.library import localized

    library = _library()
    if as_json:
        click.echo(json.dumps([f.to_json() for f in library.values()], ensure_ascii=False, indent=2))
        return
    lang = cli_language()
    for f in library.values():
        draft = "  " + _("(draft of %(date)s)") % {"date": f.draft_date} if f.status == "draft" else ""
        click.echo(f"{f.id}: {localized(f.title, lang)} {f.version} ({f.as_of}){draft}")
        click.echo(f"    {len(f.requirements)} " + _("requirements") + f" — {f.source.url}")


def show_json(framework) -> dict:  # type: ignore[no-untyped-def]
    return framework.to_json() | {
        "status": framework.status,
        "draft_date": framework.draft_date.isoformat() if framework.draft_date else None,
        "numbering": framework.numbering,
        "proof": framework.proof,
        "source": {"title": framework.source.title, "url": framework.source.url},
        "reviewed": framework.reviewed.isoformat(),
        "levels": [lv.id for lv in framework.levels],
        "requirements": [
            {
                "id": r.id,
                "level": r.level,
                "summary": dict(r.summary),
                "source_url": framework.source_of(r).url,
                "as_of": framework.as_of_of(r).isoformat(),
                "mappings": [{"item": m.item, "coverage": m.coverage} for m in r.by],
            }
            for r in framework.requirements
        ],
    }


@frameworks_group.command("show", help=_("Show a framework's requirements and which of our items cover them."))
@click.argument("framework_id")
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON instead of text."))
def show_command(framework_id: str, as_json: bool) -> None:
    from rashinban.frameworks.library import localized

    framework = _framework(framework_id)
    if as_json:
        click.echo(json.dumps(show_json(framework), ensure_ascii=False, indent=2))
        return
    lang = cli_language()
    click.echo(f"{localized(framework.title, lang)} {framework.version} — {framework.source.title}")
    for r in framework.requirements:
        level = f" [{r.level}]" if r.level else ""
        click.echo(f"  {r.id}{level}: {localized(r.summary, lang)}")
        for m in r.by:
            click.echo(f"      {m.item} ({m.coverage})")


@frameworks_group.command("readiness", help=_("How ready a company is for a framework, requirement by requirement."))
@click.option("--org", "slug", required=True, help=_("The company's short name (slug), e.g. minato-seiko."))
@click.option("--framework", "framework_id", required=True, help=_("Framework id, e.g. security-action."))
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON instead of text."))
def readiness_command(slug: str, framework_id: str, as_json: bool) -> None:
    _library()
    from rashinban.frameworks.gather import company_state
    from rashinban.frameworks.library import localized
    from rashinban.frameworks.readiness import readiness
    from rashinban.orgs.models import Organisation

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(_("no company has the short name '%(slug)s'") % {"slug": slug})
    framework = _framework(framework_id, organisation)
    result = readiness(framework, company_state(organisation))
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    lang = cli_language()
    click.echo(f"{localized(framework.title, lang)}: " + (_("ready") if result.ready else _("not ready yet")))
    for lv in result.levels:
        click.echo(
            f"  {lv.level}: " + (_("ready") if lv.ready else _("missing %(ids)s") % {"ids": ", ".join(lv.missing)})
        )
    for r in result.requirements:
        click.echo(f"  {r.requirement.id}: {r.status}  {localized(r.requirement.summary, lang)}")


@frameworks_group.command("validate", help=_("Check a framework file of your own (YAML) and report the first problem."))
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def validate_command(path: Path) -> None:
    _library()
    from rashinban.frameworks.items import known_items
    from rashinban.frameworks.library import FrameworkError, load_framework_file

    try:
        framework = load_framework_file(path, known_items())
    except FrameworkError as error:
        raise CommandError(str(error)) from error
    click.echo(
        _("%(file)s: framework '%(id)s' with %(n)s requirements is valid.")
        % {"file": path.name, "id": framework.id, "n": len(framework.requirements)}
    )


@frameworks_group.command("import", help=_("Import a company's own framework (YAML) after checking it."))
@click.option("--org", "slug", required=True, help=_("The company's short name (slug), e.g. minato-seiko."))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(slug: str, path: Path) -> None:
    _library()
    from rashinban import limits
    from rashinban.frameworks.library import FrameworkError
    from rashinban.frameworks.own import import_framework
    from rashinban.orgs.models import Organisation

    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(_("no company has the short name '%(slug)s'") % {"slug": slug})
    if path.stat().st_size > limits.CATALOG.max_bytes:
        raise CommandError(_("%(file)s: the file is too large") % {"file": path.name})
    try:
        framework = import_framework(organisation, path.read_text(encoding="utf-8"), path.name)
    except UnicodeDecodeError as error:
        raise CommandError(_("%(file)s: the file is not UTF-8 text") % {"file": path.name}) from error
    except FrameworkError as error:
        raise CommandError(str(error)) from error
    click.echo(
        _("%(file)s: framework '%(id)s' with %(n)s requirements is valid.")
        % {"file": path.name, "id": framework.id, "n": len(framework.requirements)}
    )


def register(group: click.Group) -> None:
    group.add_command(frameworks_group)
