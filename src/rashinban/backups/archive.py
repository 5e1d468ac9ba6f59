"""The backup archive: one zip file with a manifest, each table as JSON Lines, and the media files.

Plain file handling, no Django models: the same code writes, checks and reads archives.

    manifest.json                  format, versions, source database, migrations, members with SHA-256
    data/<app>.<model>.jsonl       Django's serialized form, one row per line (database-neutral)
    media/<path>                   the files under MEDIA_ROOT
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from rashinban import limits
from rashinban.i18n import _

FORMAT = "rashinban-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_PREFIX = "data/"
MEDIA_PREFIX = "media/"
CHUNK = 1 << 20


class ArchiveError(Exception):
    """Bad input the user can act on: a corrupt, foreign or too new archive, or a non-empty target."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Member(BaseModel):
    """One file inside the archive, with what it must hash to."""

    model_config = ConfigDict(extra="forbid")

    name: str
    kind: Literal["data", "media"]
    bytes: int
    sha256: str
    model: str | None = None  # "app_label.model_name", data members only
    rows: int | None = None


class Manifest(BaseModel):
    """What the archive holds and where it comes from; written last, read first."""

    model_config = ConfigDict(extra="ignore")  # later formats may add fields an older reader can skip

    format: str
    format_version: int
    product_version: str
    created_at: str  # UTC, ISO 8601
    database_vendor: str
    migrations: dict[str, list[str]]
    members: list[Member]

    def data_members(self) -> list[Member]:
        return [m for m in self.members if m.kind == "data"]

    def media_members(self) -> list[Member]:
        return [m for m in self.members if m.kind == "media"]


def media_member_name(relative: PurePosixPath) -> str:
    return MEDIA_PREFIX + relative.as_posix()


def media_relative_path(member: Member) -> PurePosixPath:
    return PurePosixPath(member.name[len(MEDIA_PREFIX) :])


def _safe_name(name: str) -> bool:
    """Member names end up as paths on restore: no absolute paths, no '..', no backslashes."""
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and "\\" not in name
        and ".." not in path.parts
        and "" not in name.split("/")
        and (name.startswith(DATA_PREFIX) or name.startswith(MEDIA_PREFIX))
        and len(path.parts) >= 2
    )


class _HashingWriter(io.RawIOBase):
    """Counts and hashes the bytes on their way into a zip member."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        self.digest.update(view)
        self.size += len(view)
        self.target.write(view)
        return len(view)


class ArchiveWriter:
    """Writes `<file>.partial` and renames it at the end, so a failed run never leaves a half archive."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        self.members: list[Member] = []
        # Readable by the owner only: the archive holds password hashes and second-factor keys.
        self._file = os.fdopen(os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")
        self._zip = zipfile.ZipFile(self._file, "w", compression=zipfile.ZIP_DEFLATED)

    def _info(self, name: str, modified: float | None = None) -> zipfile.ZipInfo:
        stamp = time.localtime(modified)
        info = zipfile.ZipInfo(name, date_time=(max(stamp.tm_year, 1980), *stamp[1:6]))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    @contextmanager
    def text_member(self, name: str, model: str) -> Iterator[tuple[IO[str], Member]]:
        """A UTF-8 text member; the caller sets `rows` on the yielded Member."""
        member = Member(name=name, kind="data", bytes=0, sha256="", model=model, rows=0)
        with self._zip.open(self._info(name), "w", force_zip64=True) as raw:
            hashing = _HashingWriter(raw)
            text = io.TextIOWrapper(io.BufferedWriter(hashing, CHUNK), encoding="utf-8", newline="\n")
            yield text, member
            text.flush()
            text.detach().flush()
        member.bytes, member.sha256 = hashing.size, hashing.digest.hexdigest()
        self.members.append(member)

    def add_file(self, name: str, source: Path) -> Member:
        info = self._info(name, source.stat().st_mtime)
        with source.open("rb") as handle, self._zip.open(info, "w", force_zip64=True) as raw:
            hashing = _HashingWriter(raw)
            while block := handle.read(CHUNK):
                hashing.write(block)
        member = Member(name=name, kind="media", bytes=hashing.size, sha256=hashing.digest.hexdigest())
        self.members.append(member)
        return member

    def finish(self, manifest: Manifest) -> int:
        """Write the manifest, close, and move the archive into place; returns its size in bytes."""
        self._zip.writestr(self._info(MANIFEST), manifest.model_dump_json(indent=2, exclude_none=True))
        self._zip.close()
        self._file.close()
        os.replace(self.partial, self.path)
        return self.path.stat().st_size

    def abort(self) -> None:
        try:
            self._zip.close()
        finally:
            self._file.close()
        self.partial.unlink(missing_ok=True)


class ArchiveReader:
    """Opens an archive and checks it completely before anything is restored from it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            raise ArchiveError(_("%(file)s does not exist") % {"file": path})
        try:
            # The directory, member names and ratios are checked before zipfile builds anything.
            self._zip = limits.open_zip(path, str(path), limits.BACKUP_ARCHIVE)
        except limits.LimitError as error:
            if "not a readable" not in error.problem:
                raise ArchiveError(str(error)) from None
            raise ArchiveError(
                _("%(file)s is not a Rashinban backup or is damaged (not a complete zip file)") % {"file": path}
            ) from None
        self.manifest = self._read_manifest()

    def close(self) -> None:
        self._zip.close()

    def problem(self, member: str, problem: str) -> ArchiveError:
        return ArchiveError(
            _("%(file)s, member %(member)s: %(problem)s") % {"file": self.path, "member": member, "problem": problem}
        )

    def _read_manifest(self) -> Manifest:
        try:
            raw = self._zip.read(MANIFEST)
        except KeyError as error:
            raise self.problem(MANIFEST, _("missing; this is not a Rashinban backup")) from error
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
            raise self.problem(MANIFEST, _("damaged (%(error)s)") % {"error": error}) from error
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as error:
            raise self.problem(MANIFEST, _("not valid JSON")) from error
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise self.problem(MANIFEST, _("this is not a Rashinban backup"))
        version = data.get("format_version")
        if isinstance(version, int) and version > FORMAT_VERSION:
            raise self.problem(
                MANIFEST,
                _(
                    "archive format %(found)s was written by a newer Rashinban (%(product)s); this version reads "
                    "format %(known)s. Upgrade Rashinban first."
                )
                % {"found": version, "product": data.get("product_version", "?"), "known": FORMAT_VERSION},
            )
        try:
            manifest = Manifest.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise self.problem(MANIFEST, f"{where}: {first['msg']}") from error
        for member in manifest.members:
            if not _safe_name(member.name) or (member.kind == "data") != member.name.startswith(DATA_PREFIX):
                raise self.problem(member.name, _("unsafe or unexpected name"))
        return manifest

    def verify(self, advance: Callable[[int], None] | None = None) -> None:
        """Every member listed, present once, of the recorded size and SHA-256; nothing extra."""
        listed = [m.name for m in self.manifest.members]
        present = [info.filename for info in self._zip.infolist() if info.filename != MANIFEST]
        if len(set(listed)) != len(listed) or len(set(present)) != len(present):
            raise self.problem(MANIFEST, _("a member is listed twice"))
        for name in sorted(set(present) - set(listed)):
            raise self.problem(name, _("not listed in the manifest (the archive was altered)"))
        for name in sorted(set(listed) - set(present)):
            raise self.problem(name, _("missing (the archive is incomplete)"))
        for member in self.manifest.members:
            digest, size = hashlib.sha256(), 0
            with self.open(member) as handle:
                while block := self._read_block(handle, member):
                    digest.update(block)
                    size += len(block)
                    if advance:
                        advance(len(block))
            if size != member.bytes or digest.hexdigest() != member.sha256:
                raise self.problem(member.name, _("checksum mismatch (the archive is damaged or was altered)"))

    def _read_block(self, handle: IO[bytes], member: Member) -> bytes:
        try:
            return handle.read(CHUNK)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as error:
            # zipfile checks each member's CRC-32 and raises on a damaged or truncated member.
            raise self.problem(member.name, _("damaged (%(error)s)") % {"error": error}) from error

    @contextmanager
    def open(self, member: Member) -> Iterator[IO[bytes]]:
        try:
            handle = self._zip.open(member.name)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError) as error:
            raise self.problem(member.name, _("damaged (%(error)s)") % {"error": error}) from error
        with handle:
            yield handle

    def lines(self, member: Member) -> Iterator[tuple[int, dict[str, Any]]]:
        """(line number, row) for each row of a data member."""
        with self.open(member) as handle:
            for number, line in enumerate(io.TextIOWrapper(handle, encoding="utf-8"), start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except (ValueError, RecursionError) as error:
                    raise self.problem(member.name, _("line %(line)s is not valid JSON") % {"line": number}) from error

    def copy_to(self, member: Member, target: Path) -> None:
        """Extract one media member, checking its SHA-256 again on the way."""
        digest = hashlib.sha256()
        with self.open(member) as handle, target.open("wb") as out:
            while block := self._read_block(handle, member):
                digest.update(block)
                out.write(block)
        if digest.hexdigest() != member.sha256:
            raise self.problem(member.name, _("checksum mismatch (the archive is damaged or was altered)"))
