"""Secrets at rest (暗号化して保存): Fernet (AES-128-CBC + HMAC-SHA256) with a key derived from SECRET_KEY by HKDF,
one key per purpose, so a token made for one use never opens as another.

Tokens are made with SECRET_KEY and read with it or any key of SECRET_KEY_FALLBACKS, Django's way of rotating the
key: with the old key kept there, stored secrets stay readable until they are written again (`rotate`).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# The HKDF `info` of each use. Never change one: the tokens already stored were made with it.
DRILLS_SMTP_PASSWORD = b"rashinban drills smtp password v1"
TOTP_SEED = b"rashinban orgs totp seed v1"
MAIL_BODY = b"rashinban queued mail body v1"
EVIDENCE_SOURCE_SECRET = b"rashinban evidence source secret v1"
NOTIFY_SECRET = b"rashinban notify channel secret v1"
MAILBOX_SECRET = b"rashinban shared mailbox password v1"


@lru_cache(maxsize=32)
def _fernet(secret_key: str, purpose: bytes) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> list[str]:
    return [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]


def encrypt(plain: str, purpose: bytes, secret_key: str | None = None) -> str:
    """A token for `plain` under SECRET_KEY (or `secret_key`); "" for ""."""
    return _fernet(secret_key or settings.SECRET_KEY, purpose).encrypt(plain.encode()).decode() if plain else ""


def decrypt(token: str, purpose: bytes, secret_keys: Sequence[str] | None = None) -> str | None:
    """The plain text; "" when nothing is stored, None when no key (SECRET_KEY, then its fallbacks) opens it."""
    if not token:
        return ""
    for secret_key in secret_keys or _keys():
        try:
            return _fernet(secret_key, purpose).decrypt(token.encode()).decode()
        except InvalidToken:
            continue
    return None


def rotate(token: str, purpose: bytes) -> str:
    """The same token when SECRET_KEY opens it, else its plain text encrypted anew under SECRET_KEY.

    Raises InvalidToken when no key opens it."""
    if not token:
        return token
    keys = _keys()
    try:
        _fernet(keys[0], purpose).decrypt(token.encode())
    except InvalidToken:
        return MultiFernet([_fernet(key, purpose) for key in keys]).rotate(token.encode()).decode()
    return token
