"""`rashinban backup`: the database and the uploaded files into one archive, while the server runs."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from datetime import time as clock_time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from django.apps.registry import Apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer
from django.db import connections
from django.db.models import Model

import rashinban
from rashinban.backups.archive import (
    DATA_PREFIX,
    FORMAT,
    FORMAT_VERSION,
    ArchiveError,
    ArchiveWriter,
    Manifest,
    media_member_name,
)
from rashinban.backups.migrations import applied_migrations, as_manifest, models_at, unknown_migrations
from rashinban.backups.snapshot import database_snapshot
from rashinban.backups.summary import NO_PROGRESS, Progress, Summary
from rashinban.i18n import _

# Not data but the state of running processes: sign-in sessions (short-lived, signed with this
# installation's SECRET_KEY; after a restore everyone signs in again) and worker heartbeats; and each company's
# kept plan, derived from the rest and signed with this installation's key (computed again when first asked).
EXCLUDED_MODELS = {"sessions.session", "tasks.workerheartbeat", "nextsteps.keptplan"}
PROGRESS_STEP = 500


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds (as `dumpdata` does); a backup keeps every microsecond."""

    def default(self, o: object) -> object:
        if isinstance(o, datetime | clock_time):
            return o.isoformat()
        return super().default(o)


def product_version() -> str:
    try:
        return version("rashinban")
    except PackageNotFoundError:
        return rashinban.__version__


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def dumped_models(apps: Apps) -> list[type[Model]]:
    """Every table with its own rows; many-to-many links travel with the row that holds the field."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in EXCLUDED_MODELS
    ]
    return sorted(models, key=lambda model: model._meta.label_lower)


def create_backup(output: Path, progress: Progress = NO_PROGRESS) -> Summary:
    """Write one consistent archive of the database and MEDIA_ROOT to `output`."""
    started = time.monotonic()
    if not output.parent.is_dir():
        raise ArchiveError(_("the folder %(folder)s does not exist") % {"folder": output.parent})
    try:
        writer = ArchiveWriter(output)
    except OSError as error:
        raise ArchiveError(
            _("cannot write %(file)s: %(problem)s") % {"file": output, "problem": error.strerror or error}
        ) from error
    created_at = utc_now()
    try:
        with database_snapshot() as alias:
            connection = connections[alias]
            vendor = connection.vendor
            loader, applied = applied_migrations(connection)
            if not applied:
                raise ArchiveError(_("the database has no tables yet; run `rashinban migrate` first"))
            if unknown := unknown_migrations(loader, applied):
                raise ArchiveError(
                    _(
                        "the database was migrated by a newer version of Rashinban (migration %(name)s is unknown "
                        "here); back it up with that version"
                    )
                    % {"name": ".".join(unknown[0])}
                )
            models = dumped_models(models_at(loader, applied))
            counts = {model: model._base_manager.using(alias).count() for model in models}
            progress.phase(_("Database"), sum(counts.values()))
            for model in models:
                _dump_table(writer, model, alias, progress)
        # Files after the database: Django never deletes an uploaded file by itself, so every file the
        # snapshot's rows name exists now; a file uploaded since the snapshot is merely extra.
        files = list(_media_files(Path(settings.MEDIA_ROOT)))
        if files:
            progress.phase(_("Files"), sum(path.stat().st_size for _relative, path in files))
        for relative, path in files:
            progress.advance(writer.add_file(media_member_name(relative), path).bytes)
        progress.finish()
        manifest = Manifest(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            product_version=product_version(),
            created_at=created_at,
            database_vendor=vendor,
            migrations=as_manifest(applied - set(unknown_migrations(loader, applied))),
            members=writer.members,
        )
        size = writer.finish(manifest)
    except OSError as error:
        writer.abort()
        raise ArchiveError(
            _("cannot write %(file)s: %(problem)s") % {"file": output, "problem": error.strerror or error}
        ) from error
    except BaseException:
        writer.abort()
        raise
    return summarize(str(output), size, manifest, vendor, time.monotonic() - started)


def summarize(file: str, size: int, manifest: Manifest, database: str, seconds: float) -> Summary:
    data, media = manifest.data_members(), manifest.media_members()
    return Summary(
        file=file,
        bytes=size,
        tables=len(data),
        rows=sum(member.rows or 0 for member in data),
        media_files=len(media),
        media_bytes=sum(member.bytes for member in media),
        database=database,
        source_database=manifest.database_vendor,
        created_at=manifest.created_at,
        product_version=manifest.product_version,
        seconds=round(seconds, 2),
    )


def _dump_table(writer: ArchiveWriter, model: type[Model], alias: str, progress: Progress) -> None:
    label = model._meta.label_lower
    queryset = model._base_manager.using(alias).order_by("pk")
    with writer.text_member(f"{DATA_PREFIX}{label}.jsonl", label) as (stream, member):

        def counted() -> Iterator[Model]:
            for row in queryset.iterator(chunk_size=2000):
                member.rows = (member.rows or 0) + 1
                if member.rows % PROGRESS_STEP == 0:
                    progress.advance(PROGRESS_STEP)
                yield row

        # Primary keys are kept as they are (no natural keys): links and bookmarks such as /o/12/ stay valid.
        Serializer().serialize(counted(), stream=stream, cls=ExactJSONEncoder)
    progress.advance((member.rows or 0) % PROGRESS_STEP)


def _media_files(root: Path) -> Iterator[tuple[PurePosixPath, Path]]:
    """Regular files under MEDIA_ROOT, in a stable order; symbolic links are not followed."""
    if not root.is_dir():
        return
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield PurePosixPath(path.relative_to(root).as_posix()), path
