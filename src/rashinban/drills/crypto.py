"""SMTP passwords at rest: Fernet (AES-128-CBC + HMAC-SHA256) with a key derived from SECRET_KEY by HKDF.

Changing SECRET_KEY makes stored passwords unreadable; the owner then enters the password again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_INFO = b"rashinban drills smtp password v1"


def _fernet(secret_key: str | None = None) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        (secret_key or settings.SECRET_KEY).encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(plain: str, secret_key: str | None = None) -> str:
    return _fernet(secret_key).encrypt(plain.encode()).decode() if plain else ""


def decrypt(token: str, secret_key: str | None = None) -> str:
    """The password, or "" when none is stored or SECRET_KEY changed since it was stored."""
    if not token:
        return ""
    try:
        return _fernet(secret_key).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""
