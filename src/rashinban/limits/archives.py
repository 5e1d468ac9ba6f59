"""Zip and gzip within bounds: checked from their directories before a byte is unpacked.

A zip names its members and their unpacked sizes in a central directory at its end. Python's zipfile builds
one object per entry of that directory and never unpacks more than the size an entry declares, so bounding
the directory's size (read from the end record ourselves, before zipfile), the number of members, the sum of
the declared sizes and each member's compression ratio bounds everything read afterwards. A gzip stream
declares nothing trustworthy, so it is unpacked in slices and stopped at the bound.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from rashinban.i18n import translate as _
from rashinban.limits import LimitError, Limits, check_size, size_text

_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_END_SIZE = 22
_MAX_COMMENT = 0xFFFF
# The smallest central directory entry is 46 bytes plus its name; ours allow long names and extra fields.
_DIRECTORY_BYTES_PER_MEMBER = 1_024
RATIO_FLOOR = 1024 * 1024  # small members may compress well beyond the ratio (a sheet of empty cells)


def _not_zip(name: str, kind: str) -> LimitError:
    return LimitError(_("not a readable %(kind)s file (damaged or of another kind)") % {"kind": kind}, file=name)


def directory_size(handle: BinaryIO, total: int, name: str, kind: str) -> tuple[int, int]:
    """(entries, bytes) of the central directory, read from the end record (zip64 too) without zipfile."""
    tail = min(total, _END_SIZE + _MAX_COMMENT)
    handle.seek(total - tail)
    data = handle.read(tail)
    at = data.rfind(_END)
    if at < 0 or len(data) - at < _END_SIZE:
        raise _not_zip(name, kind)
    _sig, _disk, _disk_dir, _here, entries, size, _offset, _comment = struct.unpack("<4s4H2LH", data[at : at + 22])
    locator_at = at - 20
    if locator_at >= 0 and data[locator_at : locator_at + 4] == _END64_LOCATOR:
        _sig64, _disk64, record_offset, _disks = struct.unpack("<4sLQL", data[locator_at : locator_at + 20])
        if record_offset + 56 > total:
            raise _not_zip(name, kind)
        handle.seek(record_offset)
        record = handle.read(56)
        if record[:4] != b"PK\x06\x06":
            raise _not_zip(name, kind)
        entries, size = struct.unpack("<QQ", record[32:48])
    return entries, size


def open_zip(source: bytes | Path, name: str, limits: Limits, kind: str = "zip") -> zipfile.ZipFile:
    """A ZipFile whose directory, members, unpacked sizes and ratios are within `limits`; else LimitError."""
    if isinstance(source, Path):
        try:
            total = source.stat().st_size
            handle: BinaryIO = source.open("rb")
        except OSError as error:
            raise LimitError(_("cannot read the file: %(problem)s") % {"problem": error.strerror}, file=name) from None
    else:
        total = len(source)
        handle = io.BytesIO(source)
    try:
        check_size(total, name, limits)
        entries, directory = directory_size(handle, total, name, kind)
        if entries > limits.max_members or directory > limits.max_members * _DIRECTORY_BYTES_PER_MEMBER:
            raise LimitError(
                _("the archive holds more than %(count)s files") % {"count": f"{limits.max_members:,}"}, file=name
            )
        handle.seek(0)
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
            raise _not_zip(name, kind) from None
    except BaseException:
        handle.close()
        raise
    try:
        check_members(archive, name, limits)
    except BaseException:
        archive.close()
        handle.close()
        raise
    return archive


def check_members(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Count, declared unpacked sizes and compression ratios of the members; unsafe names are refused too."""
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise LimitError(
            _("the archive holds more than %(count)s files") % {"count": f"{limits.max_members:,}"}, file=name
        )
    unpacked = 0
    for info in members:
        if info.filename.startswith(("/", "\\")) or ".." in info.filename.replace("\\", "/").split("/"):
            raise LimitError(
                _("the archive contains a file with an unsafe name: %(member)s") % {"member": info.filename[:200]},
                file=name,
            )
        unpacked += info.file_size
        if info.file_size > limits.max_member_bytes or unpacked > limits.max_uncompressed:
            raise LimitError(
                _("it unpacks to more than %(limit)s; this looks like a decompression bomb, not a normal file")
                % {"limit": size_text(min(limits.max_uncompressed, limits.max_member_bytes))},
                file=name,
            )
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise LimitError(
                _("%(member)s is compressed more than %(ratio)s times; this looks like a decompression bomb")
                % {"member": info.filename[:200], "ratio": limits.max_ratio},
                file=name,
            )


def read_member(archive: zipfile.ZipFile, member: str | zipfile.ZipInfo, name: str, limits: Limits) -> bytes:
    """One member's bytes (its declared size was checked by open_zip; zipfile never unpacks more)."""
    try:
        return archive.read(member)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError, NotImplementedError):
        raise LimitError(
            _("%(member)s inside the archive is damaged")
            % {"member": member if isinstance(member, str) else member.filename},
            file=name,
        ) from None


def read_gzip(data: bytes, name: str, limits: Limits) -> bytes:
    """The unpacked bytes of a gzip file, stopped at `max_uncompressed` or `max_ratio`; else LimitError."""
    check_size(len(data), name, limits)
    bound = min(limits.max_uncompressed, max(RATIO_FLOOR, limits.max_ratio * len(data)))
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip header and trailer
    out = bytearray()
    pending = data
    try:
        while pending:
            out += inflater.decompress(pending, bound + 1 - len(out))
            if len(out) > bound:
                raise LimitError(
                    _("it unpacks to more than %(limit)s; this looks like a decompression bomb, not a normal file")
                    % {"limit": size_text(bound)},
                    file=name,
                )
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        raise _not_zip(name, "gzip") from None
    if not inflater.eof:
        raise _not_zip(name, "gzip")
    return bytes(out)
