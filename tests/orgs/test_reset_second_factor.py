"""`rashinban reset-second-factor`: the operator's way back in for a person who lost the authenticator and the
backup codes. Every device goes, every session of that person ends, nobody else is touched."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import translation
from django_otp import devices_for_user

from rashinban.cli import main
from rashinban.orgs.models import BackupCode, BackupCodeDevice
from tests.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db
ENGLISH = {"LANG": "C", "LC_ALL": None, "LC_MESSAGES": None, "LANGUAGE": None, "RASHINBAN_LANG": None}


@pytest.fixture(autouse=True)
def _restore_language():
    yield
    translation.deactivate()  # the CLI activates its locale's language in this process


def reset(email: str, **env: str | None):
    return CliRunner(env={**ENGLISH, **env}).invoke(main, ["reset-second-factor", "--email", email])


def test_every_device_and_session_of_that_person_goes_and_nobody_elses(alice, mallory, org_a, org_b):
    alices_browser, mallorys_browser = login(Client(), alice), login(Client(), mallory)
    BackupCodeDevice.objects.create(user=alice, name="backup").regenerate()
    assert alices_browser.get(f"/o/{org_a.id}/").status_code == 200

    result = reset(" Alice@A.example ")

    assert result.exit_code == 0, result.output
    assert "Removed 2 second-factor devices of alice@a.example" in result.stdout
    assert list(devices_for_user(alice, confirmed=None)) == []
    assert not BackupCode.objects.filter(device__user=alice).exists()
    response = alices_browser.get(f"/o/{org_a.id}/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    # Mallory keeps her device and her session.
    assert len(list(devices_for_user(mallory, confirmed=None))) == 1
    assert mallorys_browser.get(f"/o/{org_b.id}/").status_code == 200


def test_after_the_reset_the_password_leads_to_setting_up_a_new_second_factor(client, alice, org_a):
    login(client, alice)
    assert reset("alice@a.example").exit_code == 0
    response = client.post("/login/", {"username": "alice@a.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(f"/o/{org_a.id}/")["Location"].endswith("/mfa/setup/")


def test_an_unknown_address_is_named_and_changes_nothing(alice):
    login(Client(), alice)
    result = reset("nobody@a.example")
    assert result.exit_code == 1
    assert "nobody@a.example" in result.stderr
    assert len(list(devices_for_user(alice, confirmed=None))) == 1


def test_it_speaks_japanese_first(alice):
    result = reset("nobody@a.example", LANG="ja_JP.UTF-8")
    assert result.exit_code == 1
    assert "nobody@a.example" in result.stderr and "ログイン" in result.stderr
