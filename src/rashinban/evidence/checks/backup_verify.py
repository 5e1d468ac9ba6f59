"""`check backups --verify PATH`: look at a real backup folder, to catch backups that silently stopped or rotted.

Two signs: the age of the newest file (a nightly job that stopped leaves only old files) and a checksum
manifest (`SHA256SUMS`, `*.sha256`, `MD5SUMS`, `*.md5` in the sha256sum/md5sum or BSD format), whose every
file must still be there with the same checksum.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rashinban.evidence.findings import Finding
from rashinban.evidence.registry import InputError, Progress
from rashinban.evidence.text import _, ngettext

DEFAULT_MAX_AGE_DAYS = 2
MANIFEST_NAMES = {"sha256sums", "sha256sums.txt", "sha1sums", "md5sums", "md5sums.txt", "checksums", "checksums.txt"}
MANIFEST_SUFFIXES = (".sha256", ".sha1", ".md5", ".sha512")
ALGORITHMS = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}
GNU_LINE = re.compile(r"^([0-9a-fA-F]{32,128}) [ *](.+)$")
BSD_LINE = re.compile(r"^(MD5|SHA1|SHA256|SHA512) \((.+)\) = ([0-9a-fA-F]{32,128})$")
CHUNK = 1 << 20


@dataclass
class Verification:
    path: str
    files: int = 0
    newest: datetime | None = None
    manifests: list[str] = field(default_factory=list)
    checked: int = 0
    mismatched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def as_json(self, today: date) -> dict[str, Any]:
        return {
            "path": self.path,
            "files": self.files,
            "newest": self.newest.isoformat(timespec="seconds") if self.newest else None,
            "newest_age_days": (today - self.newest.date()).days if self.newest else None,
            "manifests": self.manifests,
            "checked": self.checked,
            "mismatched": self.mismatched,
            "missing": self.missing,
        }


def is_manifest(path: Path) -> bool:
    return path.name.lower() in MANIFEST_NAMES or path.suffix.lower() in MANIFEST_SUFFIXES


def verify_folder(folder: Path, progress: Progress | None = None) -> Verification:
    if not folder.is_dir():
        raise InputError(_("the backup folder does not exist or is not a folder"), file=str(folder))
    progress = progress or Progress()
    result = Verification(str(folder))
    files = [p for p in folder.rglob("*") if p.is_file()]
    data_files = [p for p in files if not is_manifest(p)]
    result.files = len(data_files)
    if data_files:
        result.newest = datetime.fromtimestamp(max(p.stat().st_mtime for p in data_files))
    entries = [(m, entry) for m in files if is_manifest(m) for entry in _manifest_entries(m, folder)]
    result.manifests = sorted(str(m.relative_to(folder)) for m in files if is_manifest(m))
    progress.start(len(entries))
    for manifest, (algorithm, expected, name) in entries:
        target = manifest.parent / name
        shown = str(target.relative_to(folder)) if target.is_relative_to(folder) else name
        if not target.is_file():
            result.missing.append(shown)
        elif _digest(target, algorithm) != expected.lower():
            result.mismatched.append(shown)
        result.checked += 1
        progress.advance()
    return result


def _manifest_entries(manifest: Path, folder: Path) -> list[tuple[str, str, str]]:
    entries = []
    text = manifest.read_text(encoding="utf-8-sig", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if match := BSD_LINE.match(line):
            entries.append((match[1].lower(), match[3], match[2]))
        elif (match := GNU_LINE.match(line)) and len(match[1]) in ALGORITHMS:
            entries.append((ALGORITHMS[len(match[1])], match[1], match[2]))
        else:
            raise InputError(
                _("not a checksum line (expected “HASH  FILENAME”)"), file=str(manifest.relative_to(folder)), row=number
            )
    return entries


def _digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verification_findings(result: Verification, today: date, max_age_days: int) -> list[Finding]:
    findings = []
    if result.newest is None:
        findings.append(
            Finding(
                "verify-empty",
                "high",
                _("The backup folder is empty"),
                _("No backup file was found in %(path)s. Check that the backup job writes there and that it runs.")
                % {"path": result.path},
            )
        )
    else:
        age = (today - result.newest.date()).days
        if age > max_age_days:
            findings.append(
                Finding(
                    "verify-stale",
                    "high",
                    ngettext(
                        "The newest backup file is %(days)s day old", "The newest backup file is %(days)s days old", age
                    )
                    % {"days": age},
                    _(
                        "Nothing newer than %(date)s is in %(path)s: the backup has probably stopped. Find out why, run "
                        "it now, and have failures reported by mail."
                    )
                    % {"date": result.newest.date().isoformat(), "path": result.path},
                    extra={"newest": result.newest.isoformat(timespec="seconds")},
                )
            )
    broken = result.mismatched + result.missing
    if broken:
        findings.append(
            Finding(
                "verify-checksum",
                "high",
                ngettext(
                    "%(count)s backup file is damaged or missing",
                    "%(count)s backup files are damaged or missing",
                    len(broken),
                )
                % {"count": len(broken)},
                _(
                    "These files no longer match their checksum, or are gone: the backup cannot be trusted. Make a new "
                    "full backup and check the disk."
                ),
                count=len(broken),
                extra={"files": broken},
            )
        )
    if not result.manifests:
        findings.append(
            Finding(
                "verify-no-manifest",
                "info",
                _("No checksum list in the backup folder"),
                _(
                    "Write a SHA256SUMS file with each backup (for example `sha256sum * > SHA256SUMS`), so that damaged "
                    "backups are noticed before they are needed."
                ),
            )
        )
    return findings
