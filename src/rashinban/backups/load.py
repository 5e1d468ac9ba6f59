"""`rashinban restore`: an archive into an empty installation, all or nothing.

Order: check the whole archive (checksums), check the target is empty, unpack the files into a
hidden folder, build the archive's schema, load every row in one transaction, migrate forward, and
only then move the files into MEDIA_ROOT.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps as django_apps
from django.apps.registry import Apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.python import Deserializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Model

from rashinban.backups.archive import ArchiveError, ArchiveReader, Member, media_relative_path
from rashinban.backups.dump import EXCLUDED_MODELS, summarize
from rashinban.backups.migrations import applied_migrations, from_manifest, leaf_targets, models_at, unknown_migrations
from rashinban.backups.summary import NO_PROGRESS, Progress, Summary
from rashinban.dbstats import analyze
from rashinban.i18n import _

# `migrate` fills these by itself; the restore replaces them with the archive's rows (same ids).
MIGRATE_FILLS = {"django_migrations", "django_content_type", "auth_permission"}
REPLACED_MODELS = ("auth.permission", "contenttypes.contenttype")  # dependants first
PROGRESS_STEP = 500


class _HistoricalDeserializer(Deserializer):
    """Django's deserializer, resolving model names in the archive's migration state."""

    def __init__(self, rows: Any, *, apps: Apps, using: str) -> None:
        super().__init__(rows, using=using)
        self.apps = apps

    def _get_model_from_node(self, model_identifier: str) -> type[Model]:  # type: ignore[override]
        return self.apps.get_model(model_identifier)


def restore_backup(path: Path, progress: Progress = NO_PROGRESS, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Restore `path` into this installation's empty database and MEDIA_ROOT."""
    started = time.monotonic()
    reader = ArchiveReader(path)
    try:
        manifest = reader.manifest
        progress.phase(_("Checking"), sum(member.bytes for member in manifest.members))
        reader.verify(progress.advance)
        connection = connections[using]
        archived = from_manifest(manifest.migrations)
        loader, _applied = applied_migrations(connection)
        if unknown := unknown_migrations(loader, archived):
            raise ArchiveError(
                _(
                    "%(file)s was made by a newer version of Rashinban (%(version)s): migration %(name)s is unknown "
                    "here. Upgrade Rashinban, then restore."
                )
                % {"file": path, "version": manifest.product_version, "name": ".".join(unknown[0])}
            )
        _refuse_non_empty(connection, Path(settings.MEDIA_ROOT))
        staging = _unpack_media(reader, manifest.media_members(), Path(settings.MEDIA_ROOT), progress)
        try:
            apps = _build_schema(connection, archived, path)
            _load_rows(reader, manifest.data_members(), apps, connection, progress)
            progress.finish()
            # Migrations newer than the archive, and content types and permissions of newer code.
            call_command("migrate", interactive=False, verbosity=0, database=using)
            analyze(connection)  # every row was just inserted: the planner's statistics (rashinban/dbstats.py)
            if staging:
                _move_into_place(staging, Path(settings.MEDIA_ROOT))
        finally:
            if staging and staging.exists():
                shutil.rmtree(staging)
    finally:
        reader.close()
    return summarize(str(path), path.stat().st_size, manifest, connection.vendor, time.monotonic() - started)


def tables_with_rows(connection: BaseDatabaseWrapper) -> list[str]:
    """Tables holding data that a restore would collide with."""
    ignored = set(MIGRATE_FILLS)
    for label in EXCLUDED_MODELS:  # not in an archive, so harmless to find in a fresh installation
        try:
            ignored.add(django_apps.get_model(label)._meta.db_table)
        except LookupError:
            pass
    busy = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in ignored:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 - introspected
            if cursor.fetchone():
                busy.append(table)
    return busy


def _refuse_non_empty(connection: BaseDatabaseWrapper, media_root: Path) -> None:
    busy = tables_with_rows(connection)
    if busy:
        shown = ", ".join(busy[:5]) + (", ..." if len(busy) > 5 else "")
        raise ArchiveError(
            _(
                "the database already holds data (tables %(tables)s); nothing was changed. Restore only into an "
                "empty installation: create a new empty database (PostgreSQL) or point RASHINBAN_DATA_DIR at a new "
                "folder (SQLite), then run restore again."
            )
            % {"tables": shown}
        )
    if media_root.is_dir() and any(path.is_file() for path in media_root.rglob("*")):
        raise ArchiveError(
            _("%(folder)s already holds files; nothing was changed. Restore only into an empty installation.")
            % {"folder": media_root}
        )


def _unpack_media(reader: ArchiveReader, members: list[Member], media_root: Path, progress: Progress) -> Path | None:
    """Files go to a hidden folder beside MEDIA_ROOT first: a full disk fails before the database is touched."""
    if not members:
        return None
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".rashinban-restore-", dir=media_root.parent))
    try:
        progress.phase(_("Files"), sum(member.bytes for member in members))
        for member in members:
            target = staging.joinpath(*media_relative_path(member).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            reader.copy_to(member, target)
            progress.advance(member.bytes)
    except BaseException:
        shutil.rmtree(staging)
        raise
    return staging


def _move_into_place(staging: Path, media_root: Path) -> None:
    if media_root.is_dir():
        shutil.rmtree(media_root)  # holds no files: checked before anything was written
    staging.rename(media_root)


def _build_schema(connection: BaseDatabaseWrapper, archived: set[tuple[str, str]], path: Path) -> Apps:
    """Migrate to exactly the archive's state and return the models of that state."""
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(leaf_targets(executor.loader.graph, archived))
    except IrreversibleError as error:
        raise ArchiveError(
            _(
                "%(file)s needs an older database schema than this database has, and a migration cannot be "
                "reversed (%(error)s). Restore into a new empty database."
            )
            % {"file": path, "error": error}
        ) from error
    return models_at(executor.loader, archived)


def _load_rows(
    reader: ArchiveReader, members: list[Member], apps: Apps, connection: BaseDatabaseWrapper, progress: Progress
) -> None:
    """Every row in one transaction; foreign keys are checked at the end, as `loaddata` does."""
    progress.phase(_("Database"), sum(member.rows or 0 for member in members))
    models = []
    with transaction.atomic(using=connection.alias):
        for label in REPLACED_MODELS:
            apps.get_model(label)._base_manager.using(connection.alias).all().delete()
        with connection.constraint_checks_disabled():
            for member in members:
                models.append(_load_member(reader, member, apps, connection, progress))
        try:
            connection.check_constraints(table_names=[model._meta.db_table for model in models])
        except IntegrityError as error:
            raise ArchiveError(
                _("%(file)s: the rows do not fit together (%(error)s); nothing was restored")
                % {"file": reader.path, "error": error}
            ) from error
        _reset_sequences(connection, models)
    ContentType.objects.clear_cache()  # this process may have cached the ids migrate gave them


def _load_member(
    reader: ArchiveReader, member: Member, apps: Apps, connection: BaseDatabaseWrapper, progress: Progress
) -> type[Model]:
    try:
        model = apps.get_model(member.model or "")
    except (LookupError, ValueError) as error:
        raise reader.problem(member.name, _("table %(model)s is unknown") % {"model": member.model}) from error
    line, count = 0, 0

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal line
        for line, row in reader.lines(member):  # noqa: B007 - `line` names the row in error messages
            if row.get("model") != member.model:
                raise reader.problem(member.name, _("line %(line)s is not a row of this table") % {"line": line})
            yield row

    try:
        for item in _HistoricalDeserializer(rows(), apps=apps, using=connection.alias):
            item.save(using=connection.alias, force_insert=True)
            count += 1
            if count % PROGRESS_STEP == 0:
                progress.advance(PROGRESS_STEP)
    except (
        DeserializationError,
        DatabaseError,
        FieldDoesNotExist,
        ValidationError,
        ValueError,
        TypeError,
        KeyError,
        LookupError,
    ) as error:
        raise reader.problem(
            member.name, _("line %(line)s cannot be restored: %(error)s") % {"line": line, "error": error}
        ) from error
    progress.advance(count % PROGRESS_STEP)
    if count != member.rows:
        raise reader.problem(
            member.name, _("%(found)s rows instead of %(expected)s") % {"found": count, "expected": member.rows}
        )
    return model


def _reset_sequences(connection: BaseDatabaseWrapper, models: list[type[Model]]) -> None:
    """PostgreSQL hands out ids from sequences that a load with explicit ids does not advance."""
    links = [
        field.remote_field.through
        for model in models
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), [*models, *links])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
