"""TOTP seeds are stored only encrypted, and the device still verifies as django-otp's does: once per code,
throttled after wrong guesses, and across a SECRET_KEY rotation with the old key in SECRET_KEY_FALLBACKS."""

from __future__ import annotations

import base64
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django_otp.oath import totp

from rashinban import crypto
from rashinban.orgs.models import BackupCodeDevice, EncryptedTOTPDevice, SeedUnreadable
from tests.conftest import PASSWORD, login

OLD_KEY = "the-secret-key-before-rotation-0123456789"
NEW_KEY = "the-secret-key-after-rotation-9876543210"


def code_for(device: EncryptedTOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def forms_of(seed: bytes) -> list[str]:
    """The seed as anyone might find it written: hex, base32 and base64, either case, padded or not."""
    forms = [seed.hex(), base64.b32encode(seed).decode(), base64.b64encode(seed).decode()]
    forms += [base64.urlsafe_b64encode(seed).decode()]
    forms += [form.rstrip("=") for form in forms]
    return forms + [form.upper() for form in forms] + [form.lower() for form in forms]


def stored_row(device: EncryptedTOTPDevice) -> str:
    table = connection.ops.quote_name(EncryptedTOTPDevice._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [device.pk])  # noqa: S608 - our own table name
        return " ".join(str(value) for value in cursor.fetchone())


@pytest.fixture
def device(alice) -> EncryptedTOTPDevice:
    return EncryptedTOTPDevice.objects.create(user=alice, name="phone", confirmed=True)


def test_the_seed_is_stored_in_no_readable_form(device):
    seed = device.bin_key
    assert len(seed) == 20
    dump = StringIO()
    call_command("dumpdata", "orgs", stdout=dump)

    for where in (stored_row(device), dump.getvalue()):
        assert not [form for form in forms_of(seed) if form in where]
    assert crypto.decrypt(device.seed_encrypted, crypto.TOTP_SEED, ["another-key"]) is None


def test_enrolment_creates_no_clear_django_otp_device(client, alice):
    login(client, alice, verified=False)
    client.get("/mfa/setup/")
    device = EncryptedTOTPDevice.objects.get(user=alice, confirmed=False)
    assert client.post("/mfa/setup/", {"token": code_for(device)}).status_code == 200

    assert EncryptedTOTPDevice.objects.get(user=alice).confirmed
    assert not apps.get_model("otp_totp", "TOTPDevice").objects.exists()


def test_a_code_verifies_once_and_not_twice(device):
    code = code_for(device)

    assert device.verify_token(code)
    assert not EncryptedTOTPDevice.objects.get(pk=device.pk).verify_token(code)


def test_wrong_guesses_throttle_even_the_right_code(device):
    wrong = f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"
    assert not device.verify_token(wrong)

    assert not device.verify_token(code_for(device))  # refused unchecked: the throttle is running
    device.refresh_from_db()
    assert device.throttling_failure_count == 1 and device.last_t == -1
    assert not device.verify_token("not a number")


def test_a_device_from_before_a_key_rotation_verifies_with_the_old_key_as_fallback(settings, alice, client, org_a):
    settings.SECRET_KEY = OLD_KEY
    device = EncryptedTOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    code = code_for(device)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]

    client.post("/login/", {"username": alice.email, "password": PASSWORD})
    assert client.post("/mfa/verify/", {"token": code}).status_code == 302
    assert client.get(f"/o/{org_a.id}/").status_code == 200

    # The sign-in wrote the seed again under the new key: the old one can go.
    stored = EncryptedTOTPDevice.objects.get(pk=device.pk).seed_encrypted
    assert crypto.decrypt(stored, crypto.TOTP_SEED, [NEW_KEY]) == device.bin_key.hex()
    assert crypto.decrypt(stored, crypto.TOTP_SEED, [OLD_KEY]) is None


def test_without_the_old_key_a_backup_code_gets_in_and_a_new_app_replaces_the_old(settings, alice, client, org_a):
    settings.SECRET_KEY = OLD_KEY
    device = EncryptedTOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    backup_codes = BackupCodeDevice.objects.create(user=alice, name="backup").regenerate()
    code = code_for(device)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, []

    with pytest.raises(SeedUnreadable):
        device.bin_key  # noqa: B018 - the property is what is tested
    client.post("/login/", {"username": alice.email, "password": PASSWORD})
    response = client.post("/mfa/verify/", {"token": code})
    assert response.status_code == 200 and client.get("/")["Location"] == "/mfa/verify/"

    assert client.post("/mfa/verify/", {"token": backup_codes[0]}).status_code == 302
    assert 'href="/mfa/setup/"' in client.get("/account/").content.decode()
    client.get("/mfa/setup/")
    new = EncryptedTOTPDevice.objects.get(user=alice, confirmed=False)
    assert client.post("/mfa/setup/", {"token": code_for(new)}).status_code == 200
    assert list(EncryptedTOTPDevice.objects.filter(user=alice)) == [new]
    assert client.get(f"/o/{org_a.id}/").status_code == 200


def test_an_unconfirmed_device_whose_seed_cannot_be_read_gets_a_new_one(settings, alice, client):
    settings.SECRET_KEY = OLD_KEY
    login(client, alice, verified=False)
    client.get("/mfa/setup/")
    settings.SECRET_KEY = NEW_KEY
    login(client, alice, verified=False)

    assert client.get("/mfa/setup/").status_code == 200
    device = EncryptedTOTPDevice.objects.get(user=alice, confirmed=False)
    assert client.post("/mfa/setup/", {"token": code_for(device)}).status_code == 200
    assert EncryptedTOTPDevice.objects.get(user=alice).confirmed
