"""The SMTP password is stored encrypted, never shown back, and a blank field keeps it."""

from __future__ import annotations

import pytest

from rashinban.drills.crypto import decrypt, encrypt
from rashinban.drills.models import MailSettings

pytestmark = pytest.mark.django_db

PASSWORD = "smtp-Pa55-for-drills"


def test_round_trip_and_wrong_key():
    token = encrypt(PASSWORD, "key-one")
    assert PASSWORD not in token and decrypt(token, "key-one") == PASSWORD
    assert decrypt(token, "key-two") == ""


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
