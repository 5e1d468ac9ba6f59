"""Migration orgs 0005 moves django-otp's clear TOTP rows into encrypted devices that keep working.

django_test_migrations is not installed: the migration's functions run against the app registry as the
migration sees it (the project state at orgs 0005), on the test database.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_otp.oath import totp

from rashinban import crypto
from rashinban.orgs.models import EncryptedTOTPDevice

MIGRATION = ("orgs", "0005_encrypted_totp_seeds")
SEED_HEX = "3132333435363738393031323334353637383930"  # RFC 6238's test seed
CREATED = datetime(2025, 4, 1, 9, 30, tzinfo=UTC)
FAILED = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

migration = import_module("rashinban.orgs.migrations.0005_encrypted_totp_seeds")


@pytest.fixture
def state_apps(db):
    return MigrationLoader(connection).project_state(MIGRATION).apps


def clear_row(state_apps, user, **fields):
    clear = state_apps.get_model("otp_totp", "TOTPDevice")
    row = clear.objects.create(user_id=user.pk, key=SEED_HEX, **fields)
    clear.objects.filter(pk=row.pk).update(created_at=CREATED)
    return row


def test_a_clear_row_becomes_a_working_encrypted_device(state_apps, alice, mallory):
    clear_row(
        state_apps,
        alice,
        name="phone",
        confirmed=True,
        last_t=5,
        drift=-1,
        throttling_failure_count=2,
        throttling_failure_timestamp=FAILED,
    )
    clear_row(state_apps, mallory, name="new", confirmed=False)

    migration.encrypt_clear_seeds(state_apps, connection.schema_editor())

    assert not state_apps.get_model("otp_totp", "TOTPDevice").objects.exists()
    device = EncryptedTOTPDevice.objects.get(user=alice)
    assert (device.name, device.confirmed, device.last_t, device.drift) == ("phone", True, 5, -1)
    assert (device.throttling_failure_count, device.throttling_failure_timestamp) == (2, FAILED)
    assert device.created_at == CREATED
    assert device.bin_key == bytes.fromhex(SEED_HEX)
    assert SEED_HEX not in device.seed_encrypted
    assert not EncryptedTOTPDevice.objects.get(user=mallory).confirmed

    device.throttle_reset()
    code = f"{totp(bytes.fromhex(SEED_HEX), drift=-1):06d}"
    assert device.verify_token(code) and not device.verify_token(code)


def test_reversing_writes_the_seeds_back_for_django_otp(state_apps, alice):
    clear_row(state_apps, alice, name="phone", confirmed=True, last_t=7)
    migration.encrypt_clear_seeds(state_apps, connection.schema_editor())

    migration.decrypt_seeds(state_apps, connection.schema_editor())

    assert not EncryptedTOTPDevice.objects.exists()
    row = state_apps.get_model("otp_totp", "TOTPDevice").objects.get(user_id=alice.pk)
    assert (row.key, row.name, row.confirmed, row.last_t, row.created_at) == (SEED_HEX, "phone", True, 7, CREATED)
    assert crypto.decrypt(crypto.encrypt(row.key, crypto.TOTP_SEED), crypto.TOTP_SEED) == SEED_HEX
