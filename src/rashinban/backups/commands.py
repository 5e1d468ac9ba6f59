"""`rashinban backup` and `rashinban restore`.

Errors the user can fix exit with status 2, a message on stderr and nothing on stdout. A progress
bar is drawn on stderr when it is a terminal, never with `--json`.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import IO, Any

import click
from django.db import DatabaseError

from rashinban import limits
from rashinban.backups.archive import ArchiveError
from rashinban.backups.summary import NO_PROGRESS, Progress, Summary
from rashinban.i18n import _


class CommandError(click.ClickException):
    """A failure the user can fix: exit status 2, message on stderr."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(_("Error: %(message)s") % {"message": self.format_message()}, err=True)


class DatabaseProblem(click.ClickException):
    """The database is unreachable or failing: not the user's input, so exit status 1."""

    def __init__(self, error: Exception) -> None:
        super().__init__(_("database error: %(error)s") % {"error": str(error).strip() or type(error).__name__})

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(_("Error: %(message)s") % {"message": self.format_message()}, err=True)


def register(group: click.Group) -> None:
    """Add this capability's commands to the `rashinban` group."""
    group.add_command(backup_command)
    group.add_command(restore_command)
    group.add_command(export_org_command)
    group.add_command(import_org_command)


class _ProgressBar:
    """click's progress bar, one per phase (checking, files, database)."""

    def __init__(self) -> None:
        self._bar: Any = None

    def phase(self, label: str, total: int) -> None:
        self.finish()
        self._bar = click.progressbar(length=max(total, 1), label=label, file=sys.stderr, show_pos=False)
        self._bar.__enter__()

    def advance(self, amount: int) -> None:
        if self._bar is not None and amount:
            self._bar.update(amount)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _progress(as_json: bool) -> Progress:
    return _ProgressBar() if not as_json and sys.stderr.isatty() else NO_PROGRESS


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{count} B"


def _setup() -> None:
    from rashinban.cli import setup_django_in_cli_language

    setup_django_in_cli_language()


def _report(summary: Summary, as_json: bool, lines: list[str]) -> None:
    if as_json:
        click.echo(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
        return
    for line in lines:
        click.echo(line)


def _numbers(summary: Summary) -> dict[str, Any]:
    return {
        "file": summary.file,
        "size": _size(summary.bytes),
        "tables": summary.tables,
        "rows": f"{summary.rows:,}",
        "files": summary.media_files,
        "seconds": f"{summary.seconds:.1f}",
        "created": summary.created_at,
        "version": summary.product_version,
        "vendor": summary.source_database,
    }


def _run(action, path: Path, as_json: bool):  # type: ignore[no-untyped-def]
    """Run a backup or restore with its progress bar; archive and database problems become clear exits."""
    progress = _progress(as_json)
    try:
        return action(path, progress)
    except ArchiveError as error:
        raise CommandError(error.message) from error
    except (DatabaseError, sqlite3.Error) as error:
        raise DatabaseProblem(error) from error
    finally:
        progress.finish()


@click.command(
    "backup", help=_("Back up the database and the uploaded files into one archive; the server may keep running.")
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=_("Archive file to write, e.g. rashinban-2026-01-31.zip."),
)
@click.option("--force", is_flag=True, help=_("Overwrite the file if it exists."))
@click.option(
    "--encrypt",
    is_flag=True,
    help=_("Encrypt the archive (age format): for --recipient keys, else with a passphrase (docs/backup.md)."),
)
@click.option(
    "--recipient",
    "keys",
    multiple=True,
    metavar="AGE1...",
    help=_("An age public key that may restore the archive; repeat for several. Implies --encrypt."),
)
@click.option("--json", "as_json", is_flag=True, help=_("Print a JSON summary instead of text."))
def backup_command(output: Path, force: bool, encrypt: bool, keys: tuple[str, ...], as_json: bool) -> None:
    if output.exists() and not force:
        raise CommandError(_("%(file)s already exists; use --force to overwrite it") % {"file": output})
    encrypt = encrypt or bool(keys)
    passphrase = _passphrase(confirm=True) if encrypt and not keys else None
    _setup()
    from rashinban.backups.dump import create_backup

    if encrypt:
        from rashinban.backups import encryption

        if keys:
            try:
                encryption.recipients(list(keys))  # refuse a bad key before the backup runs
            except encryption.EncryptionError as error:
                raise CommandError(error.message) from None
        with encryption.private_temporary(output) as plain:
            summary = _run(create_backup, plain, as_json)
            try:
                encryption.encrypt(plain, output, keys=list(keys), passphrase=passphrase)
            except encryption.EncryptionError as error:
                raise CommandError(error.message) from None
        summary.file = str(output)
        summary.bytes = output.stat().st_size
    else:
        summary = _run(create_backup, output, as_json)
    numbers = _numbers(summary)
    _report(
        summary,
        as_json,
        [
            _(
                "Backup written to %(file)s (%(size)s): tables %(tables)s, rows %(rows)s, files %(files)s, "
                "in %(seconds)s s."
            )
            % numbers,
            _("It is encrypted: keep the key or passphrase apart from it, or nobody can restore it.")
            if encrypt
            else _(
                "It holds password hashes and second-factor keys: store it like the database itself "
                "(encrypted, access-controlled). See docs/backup.md."
            ),
        ],
    )


def _passphrase(confirm: bool) -> str:
    """RASHINBAN_BACKUP_PASSPHRASE (for scheduled backups), else asked for without echo."""
    import os

    given = os.environ.get("RASHINBAN_BACKUP_PASSPHRASE", "")
    if given:
        return given
    if not sys.stdin.isatty():
        raise CommandError(_("set RASHINBAN_BACKUP_PASSPHRASE, or run the command in a terminal to type it"))
    return str(click.prompt(_("Passphrase"), hide_input=True, confirmation_prompt=confirm))


@click.command("restore", help=_("Restore a backup archive into an empty installation."))
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--identity",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help=_("For an archive encrypted for a recipient key: the age identity file holding its secret key."),
)
@click.option("--json", "as_json", is_flag=True, help=_("Print a JSON summary instead of text."))
def restore_command(archive: Path, identity: Path | None, as_json: bool) -> None:
    from rashinban.backups import encryption

    encrypted = encryption.is_encrypted(archive)
    passphrase = _passphrase(confirm=False) if encrypted and identity is None else None
    _setup()
    from rashinban.backups.load import restore_backup

    if encrypted:
        with encryption.private_temporary(archive) as plain:
            try:
                encryption.decrypt(archive, plain, identity_file=identity, passphrase=passphrase)
            except encryption.EncryptionError as error:
                raise CommandError(error.message) from None
            summary = _run(restore_backup, plain, as_json)
        summary.file = str(archive)
    else:
        summary = _run(restore_backup, archive, as_json)
    numbers = _numbers(summary)
    _report(
        summary,
        as_json,
        [
            _("Restored %(file)s: tables %(tables)s, rows %(rows)s, files %(files)s, in %(seconds)s s.") % numbers,
            _("The backup was made at %(created)s (UTC) by Rashinban %(version)s on %(vendor)s.") % numbers,
            _("Sign-ins are not part of a backup: everyone signs in again."),
        ],
    )


@click.command("export-org", help=_("Export one organisation completely as JSON, to import into another installation."))
@click.option("--org", "slug", required=True, help=_("The company: its short name, its id or its exact name."))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help=_("JSON file to write.")
)
@click.option("--force", is_flag=True, help=_("Overwrite the file if it exists."))
def export_org_command(slug: str, output: Path, force: bool) -> None:
    if output.exists() and not force:
        raise CommandError(_("%(file)s already exists; use --force to overwrite it") % {"file": output})
    _setup()
    from rashinban.backups.organisation import dumps, export_organisation
    from rashinban.orgs.lookup import cli_organisation

    organisation = cli_organisation(slug)
    data = export_organisation(organisation)
    text = dumps(data)
    partial = output.with_name(output.name + ".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(output)  # nothing half-written under the real name
    rows = sum(len(r) for r in data["rows"].values())
    click.echo(
        _("%(name)s: %(people)s people and %(rows)s rows in %(tables)s tables written to %(file)s")
        % {
            "name": organisation.name,
            "people": len(data["people"]),
            "rows": f"{rows:,}",
            "tables": len(data["rows"]),
            "file": output,
        }
    )


@click.command("import-org", help=_("Import an organisation exported with rashinban export-org (all or nothing)."))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_org_command(file: Path) -> None:
    _setup()
    from rashinban.backups.organisation import MoveError, import_organisation

    try:
        data = limits.load_json(file.read_bytes(), str(file), limits.ORG_IMPORT)
    except FileNotFoundError:
        raise CommandError(_("%(file)s does not exist") % {"file": file}) from None
    except OSError as error:
        raise CommandError(_("cannot read the file: %(problem)s") % {"problem": error.strerror}) from None
    except limits.LimitError as error:
        raise CommandError(str(error)) from None
    except json.JSONDecodeError as error:
        raise CommandError(_("%(file)s is not a JSON file: %(problem)s") % {"file": file, "problem": error}) from None
    try:
        organisation = import_organisation(data)
    except MoveError as error:
        raise CommandError(f"{file}: {error}") from None
    except DatabaseError as error:
        raise DatabaseProblem(error) from error
    click.echo(
        _("Imported %(name)s with the short name %(slug)s.") % {"name": organisation.name, "slug": organisation.slug}
    )
