"""Encrypted backup archives in the age format (https://age-encryption.org), through pyrage.

A backup holds password hashes, encrypted second-factor seeds and every company's weak points. Encrypted with
`rashinban backup --encrypt`, the file can go to a NAS, a USB disk or a cloud folder (the off-site copy of the
3-2-1 rule) without those becoming readable there. Two ways, both standard age, so the `age` command-line tool
decrypts them too:

- a recipient public key (`--recipient age1...`, repeatable): whoever holds the matching identity file
  restores; the key needed to restore is kept apart from the server (the better way). Streams any size.
- a passphrase (`RASHINBAN_BACKUP_PASSPHRASE` or asked for): scrypt-derived; pyrage encrypts a passphrase
  file in memory, so the archive must fit in memory.

The plain archive exists only as a temporary file readable by its owner alone, next to the output, removed
when the command ends (docs/backup.md).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyrage

from rashinban.i18n import _

AGE_HEADER = b"age-encryption.org/v1\n"


class EncryptionError(Exception):
    """A key, passphrase or encrypted file that cannot be used; the message says which and why."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def is_encrypted(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(AGE_HEADER)) == AGE_HEADER
    except OSError:
        return False


@contextmanager
def private_temporary(near: Path) -> Iterator[Path]:
    """A temporary file beside `near` that only this user can read, removed afterwards."""
    handle, name = tempfile.mkstemp(prefix=".rashinban-", suffix=".part", dir=near.parent or Path("."))
    os.close(handle)
    path = Path(name)
    path.chmod(0o600)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def recipients(keys: list[str]) -> list[pyrage.x25519.Recipient]:
    parsed = []
    for key in keys:
        try:
            parsed.append(pyrage.x25519.Recipient.from_str(key.strip()))
        except (pyrage.RecipientError, ValueError):
            raise EncryptionError(
                _("%(key)s is not an age public key (it starts with age1)") % {"key": key.strip()[:20] + "…"}
            ) from None
    return parsed


def encrypt(plain: Path, output: Path, *, keys: list[str], passphrase: str | None) -> None:
    """Write `plain` encrypted to `output`: for the recipients' keys, else with the passphrase."""
    if keys:
        pyrage.encrypt_file(str(plain), str(output), recipients(keys))
        return
    if not passphrase:
        raise EncryptionError(_("give a recipient key (--recipient) or a passphrase to encrypt with"))
    output.write_bytes(pyrage.passphrase.encrypt(plain.read_bytes(), passphrase))


def decrypt(encrypted: Path, plain: Path, *, identity_file: Path | None, passphrase: str | None) -> None:
    """Write the plain archive of an age file: with the identity file's keys, else with the passphrase."""
    try:
        if identity_file is not None:
            identities = [
                pyrage.x25519.Identity.from_str(line.strip())
                for line in identity_file.read_text(encoding="utf-8").splitlines()
                if line.strip().startswith("AGE-SECRET-KEY-")
            ]
            if not identities:
                raise EncryptionError(_("%(file)s holds no age secret key") % {"file": identity_file})
            pyrage.decrypt_file(str(encrypted), str(plain), identities)
            return
        if not passphrase:
            raise EncryptionError(_("the archive is encrypted: give --identity or the passphrase"))
        plain.write_bytes(pyrage.passphrase.decrypt(encrypted.read_bytes(), passphrase))
    except (pyrage.DecryptError, pyrage.IdentityError, ValueError) as error:
        raise EncryptionError(
            _("%(file)s cannot be decrypted with this key or passphrase (%(problem)s)")
            % {"file": encrypted, "problem": str(error)[:200]}
        ) from None
    except OSError as error:
        raise EncryptionError(_("cannot read the file: %(problem)s") % {"problem": error.strerror}) from None
