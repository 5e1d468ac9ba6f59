"""The TOTP second factor: enrolment by QR code, sign-in with a code or a one-time backup code."""

from __future__ import annotations

import base64
import re
from io import StringIO

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django_otp.oath import totp

from rashinban.orgs.models import BackupCode, EncryptedTOTPDevice
from tests.conftest import PASSWORD, login


def code_for(device: EncryptedTOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def sign_in(client, email: str) -> str:
    response = client.post("/login/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return response["Location"]


def enrol(client, user) -> list[str]:
    """Scan the QR code (read the key from the page), confirm with a real code, return the backup codes."""
    page = client.get("/mfa/setup/").content.decode()
    shown = re.search(r'id="totp-secret">([A-Z2-7= ]+)<', page).group(1)
    assert all(len(group) == 4 for group in shown.split())  # grouped for typing by hand
    secret = shown.replace(" ", "")
    device = EncryptedTOTPDevice.objects.get(user=user, confirmed=False)
    assert base64.b32decode(secret) == device.bin_key
    response = client.post("/mfa/setup/", {"token": code_for(device)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([0-9a-f-]+)</code></li>", response.content.decode())


@pytest.fixture
def alice_device(alice) -> EncryptedTOTPDevice:
    return EncryptedTOTPDevice.objects.create(user=alice, name="phone", confirmed=True)


def test_enrolment_shows_an_svg_qr_code_and_a_wrong_code_does_not_confirm(client, alice):
    login(client, alice, verified=False)

    page = client.get("/mfa/setup/").content.decode()
    assert re.search(r'<div class="qr"><svg[^>]*xmlns="http://www.w3.org/2000/svg"', page)
    device = EncryptedTOTPDevice.objects.get(user=alice)
    assert "otpauth://totp/" in device.config_url and "issuer=Rashinban" in device.config_url

    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/mfa/setup/", {"token": wrong})
    assert response.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(f"/o/{alice.memberships.get().organisation_id}/").status_code == 302


def test_owner_enrols_with_a_real_code_and_reaches_the_dashboard(client, alice, org_a):
    assert sign_in(client, "alice@a.example") == "/mfa/setup/"

    codes = enrol(client, alice)

    assert len(codes) == 10 and len(set(codes)) == 10
    assert EncryptedTOTPDevice.objects.get(user=alice).confirmed
    assert client.get(f"/o/{org_a.id}/").status_code == 200


def test_backup_codes_are_stored_only_as_hashes(client, alice):
    login(client, alice, verified=False)
    codes = enrol(client, alice)

    hashes = list(BackupCode.objects.filter(device__user=alice).values_list("code_hash", flat=True))
    assert len(hashes) == len(codes) and not set(hashes) & set(codes)
    # salted: every stored value verifies exactly one code
    for code in codes:
        plain = code.replace("-", "")
        assert sum(check_password(plain, stored) for stored in hashes) == 1
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    assert not any(code in dump.getvalue() for code in codes)


def test_owner_with_a_device_must_enter_a_code_after_the_password(client, alice, alice_device, org_a):
    assert sign_in(client, "alice@a.example") == "/mfa/verify/"
    assert client.get(f"/o/{org_a.id}/")["Location"] == "/mfa/verify/"
    # Enrolling a fresh device is no way around the existing one.
    assert client.get("/mfa/setup/")["Location"] == "/mfa/verify/"
    assert not EncryptedTOTPDevice.objects.filter(user=alice, confirmed=False).exists()

    response = client.post("/mfa/verify/", {"token": code_for(alice_device)})

    assert response.status_code == 302
    assert client.get(f"/o/{org_a.id}/").status_code == 200


def test_a_totp_code_cannot_be_replayed(client, alice, alice_device, org_a):
    code = code_for(alice_device)
    sign_in(client, "alice@a.example")
    assert client.post("/mfa/verify/", {"token": code}).status_code == 302
    client.post("/logout/")

    sign_in(client, "alice@a.example")
    response = client.post("/mfa/verify/", {"token": code})

    assert response.status_code == 200
    assert client.get(f"/o/{org_a.id}/")["Location"] == "/mfa/verify/"


def test_backup_code_works_exactly_once(client, alice, org_a):
    login(client, alice, verified=False)
    codes = enrol(client, alice)
    client.post("/logout/")

    sign_in(client, "alice@a.example")
    assert client.post("/mfa/verify/", {"token": codes[0].upper()}).status_code == 302
    assert client.get(f"/o/{org_a.id}/").status_code == 200
    client.post("/logout/")

    sign_in(client, "alice@a.example")
    assert client.post("/mfa/verify/", {"token": codes[0]}).status_code == 200
    assert client.get(f"/o/{org_a.id}/")["Location"] == "/mfa/verify/"
    assert client.post("/mfa/verify/", {"token": codes[1]}).status_code == 302
    assert BackupCode.objects.filter(device__user=alice, used_at__isnull=True).count() == 8


def test_new_backup_codes_replace_the_old_ones(client, alice):
    login(client, alice, verified=False)
    old = enrol(client, alice)

    response = client.post("/mfa/backup-codes/")

    new = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/logout/")
    sign_in(client, "alice@a.example")
    assert client.post("/mfa/verify/", {"token": old[2]}).status_code == 200
    assert client.post("/mfa/verify/", {"token": new[2]}).status_code == 302


def test_unverified_session_cannot_mint_backup_codes(client, alice, alice_device):
    sign_in(client, "alice@a.example")

    response = client.post("/mfa/backup-codes/")

    assert response["Location"] == "/mfa/verify/"
    assert not BackupCode.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "carol"])
def test_owner_and_advisor_without_a_device_are_sent_to_setup(client, request, org_a, persona):
    user = request.getfixturevalue(persona)
    assert sign_in(client, user.email) == "/mfa/setup/"
    assert client.get(f"/o/{org_a.id}/")["Location"] == "/mfa/setup/"
    assert client.get(f"/o/{org_a.id}/diagnoses/")["Location"] == "/mfa/setup/"


def test_member_without_a_device_goes_straight_in(client, bob, org_a):
    assert sign_in(client, "bob@a.example") == "/"
    assert client.get("/")["Location"] == f"/o/{org_a.id}/"
    assert client.get(f"/o/{org_a.id}/").status_code == 200


def test_another_persons_code_does_not_verify_my_session(client, alice, alice_device, mallory, org_a):
    mallory_device = EncryptedTOTPDevice.objects.create(user=mallory, name="phone", confirmed=True)
    sign_in(client, "alice@a.example")

    response = client.post("/mfa/verify/", {"token": code_for(mallory_device)})

    assert response.status_code == 200
    assert client.get(f"/o/{org_a.id}/")["Location"] == "/mfa/verify/"


def test_wrong_guesses_throttle_even_the_right_code(client, alice, alice_device, org_a):
    sign_in(client, "alice@a.example")
    wrong = f"{(int(code_for(alice_device)) + 500_000) % 1_000_000:06d}"
    client.post("/mfa/verify/", {"token": wrong})
    client.post("/mfa/verify/", {"token": wrong})

    response = client.post("/mfa/verify/", {"token": code_for(alice_device)})

    assert response.status_code == 200
    assert client.get(f"/o/{org_a.id}/")["Location"] == "/mfa/verify/"
    alice_device.refresh_from_db()
    assert alice_device.throttling_failure_count == 1  # the second guess was refused unchecked


@pytest.mark.parametrize("persona", ["alice", "carol"])
def test_password_alone_shows_an_owner_or_advisor_nothing_of_their_companies(client, request, org_a, persona):
    user = request.getfixturevalue(persona)
    EncryptedTOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sign_in(client, user.email)

    for path in ("/", "/account/", f"/o/{org_a.id}/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/mfa/verify/", path
    assert org_a.name not in client.get("/", follow=True).content.decode()


def test_a_member_who_set_up_a_second_factor_is_always_asked_for_it(client, bob, org_a):
    device = EncryptedTOTPDevice.objects.create(user=bob, name="phone", confirmed=True)
    assert sign_in(client, "bob@a.example") == "/mfa/verify/"

    assert client.get(f"/o/{org_a.id}/")["Location"] == "/mfa/verify/"
    assert client.get("/")["Location"] == "/mfa/verify/"

    client.post("/mfa/verify/", {"token": code_for(device)})
    assert client.get(f"/o/{org_a.id}/").status_code == 200


def test_pages_showing_the_key_or_backup_codes_are_never_cached(client, alice):
    login(client, alice, verified=False)
    setup = client.get("/mfa/setup/")
    device = EncryptedTOTPDevice.objects.get(user=alice, confirmed=False)
    codes = client.post("/mfa/setup/", {"token": code_for(device)})
    again = client.post("/mfa/backup-codes/")

    for response in (setup, codes, again):
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
