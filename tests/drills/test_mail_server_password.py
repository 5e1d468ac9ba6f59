"""The SMTP password is stored encrypted, never shown back, and a blank field keeps it."""

from __future__ import annotations

import pytest

from rashinban import crypto
from rashinban.drills.models import MailSettings

pytestmark = pytest.mark.django_db

PASSWORD = "smtp-Pa55-for-drills"


def encrypt(plain: str, secret_key: str | None = None) -> str:
    return crypto.encrypt(plain, crypto.DRILLS_SMTP_PASSWORD, secret_key)


def decrypt(token: str, *secret_keys: str) -> str | None:
    return crypto.decrypt(token, crypto.DRILLS_SMTP_PASSWORD, secret_keys or None)


def test_round_trip_and_wrong_key():
    token = encrypt(PASSWORD, "key-one")
    assert PASSWORD not in token and decrypt(token, "key-one") == PASSWORD
    assert decrypt(token, "key-two") is None
    assert crypto.decrypt(token, crypto.TOTP_SEED, ["key-one"]) is None  # another purpose, another key


def test_passwords_stored_before_the_shared_helper_still_open():
    # Made by the former drills/crypto.py, encrypt(PASSWORD, "key-one"): same HKDF info, same key.
    token = (
        "gAAAAABrByZJsnrKCbg95FD13J2qlJf422IXr2bhcy7j3WeNcoRIMoqE-4G4Hx830GPOPCQZe_"
        "CbGOZmQh0v4fTPgFFBQN_Ciyk3gOe_1aG2FAoKkHXWrZg="
    )
    assert decrypt(token, "key-one") == PASSWORD


def test_a_password_stored_before_rotating_secret_key_still_opens(settings):
    token = encrypt(PASSWORD, settings.SECRET_KEY)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-secret-key"
    assert decrypt(token) == PASSWORD


def test_password_is_encrypted_and_never_shown(as_alice, org_a):
    data = {
        "host": "smtp.a.example",
        "port": "587",
        "security": "starttls",
        "username": "drills",
        "retention_days": "180",
    }
    as_alice.post(f"/o/{org_a.id}/drills/settings/", {**data, "password": PASSWORD})
    stored = MailSettings.objects.get(organisation=org_a)
    assert PASSWORD not in stored.password_encrypted and decrypt(stored.password_encrypted) == PASSWORD
    page = as_alice.get(f"/o/{org_a.id}/drills/settings/").content.decode()
    assert PASSWORD not in page and stored.password_encrypted not in page and 'id="password-stored"' in page
    as_alice.post(f"/o/{org_a.id}/drills/settings/", {**data, "password": ""})
    assert decrypt(MailSettings.objects.get(organisation=org_a).password_encrypted) == PASSWORD


def test_member_cannot_see_mail_settings(client, org_a, bob):
    from tests.conftest import login

    assert login(client, bob).get(f"/o/{org_a.id}/drills/settings/").status_code == 403
