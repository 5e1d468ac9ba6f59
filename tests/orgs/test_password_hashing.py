"""Passwords are stored as Argon2 hashes (the suite otherwise uses a fast hasher) and must be 12+ characters."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from rashinban.config import settings as project_settings
from rashinban.orgs import actions
from rashinban.orgs.models import User

PASSWORD = "nagai-pasuwaado-desu"


@pytest.fixture
def real_hashers(settings):
    """Undo the MD5 shortcut of tests/conftest.py: hash exactly as production does."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_signup_stores_an_argon2_hash_not_the_password(client, real_hashers):
    client.post(
        "/signup/",
        {
            "org-name": "Argon商会",
            "org-industry": "it",
            "org-employee_band": "1-5",
            "org-prefecture": "東京都",
            "user-email": "a2@argon.example",
            "user-display_name": "A",
            "user-password1": PASSWORD,
            "user-password2": PASSWORD,
            "user-language": "ja",
        },
    )
    from tests.orgs.test_signup import confirm_link

    client.post(confirm_link())  # the account exists once the address is confirmed
    stored = User.objects.get(email="a2@argon.example").password
    assert stored.startswith("argon2$argon2id$")
    assert PASSWORD not in stored


@pytest.mark.django_db
def test_cli_and_invitation_path_hash_with_argon2_too(real_hashers):
    user = actions.create_user("cli@argon.example", PASSWORD)
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)
    assert not user.check_password(PASSWORD + "x")


@pytest.mark.django_db
def test_an_older_pbkdf2_hash_is_upgraded_to_argon2_at_sign_in(client, real_hashers):
    user = User.objects.create_user(email="old@argon.example", password="placeholder-password")
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))

    response = client.post("/login/", {"username": "old@argon.example", "password": PASSWORD})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["elevenchars", "aB3$aB3$aB3", "123456789012345", "password1234"])
def test_short_numeric_or_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        actions.create_user("weak@argon.example", password)
    assert not User.objects.filter(email="weak@argon.example").exists()
