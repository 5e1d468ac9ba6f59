"""Japanese unless asked otherwise; English is a per-user choice kept on the account and in a cookie."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

import rashinban
from rashinban.orgs.models import User
from tests.conftest import login

MO_FILE = Path(rashinban.__file__).parent / "locale" / "ja" / "LC_MESSAGES" / "django.mo"


def page_language(response) -> str:
    return re.search(r'<html lang="([\w-]+)">', response.content.decode()).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "fr", "", "ja"])
def test_anonymous_pages_are_japanese_whatever_the_browser_asks(client, accept):
    for path in ("/", "/login/", "/signup/", "/no-such-page/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept)
        assert page_language(response) == "ja", path
        assert response["Content-Language"] == "ja"


@pytest.mark.django_db
@pytest.mark.skipif(not MO_FILE.exists(), reason="the Japanese catalogue (django.mo) is not compiled yet")
def test_japanese_pages_use_the_japanese_catalogue(client):
    with translation.override("ja"):
        sign_in = translation.gettext("Sign in")
    assert sign_in != "Sign in"
    assert f"<h1>{sign_in}</h1>" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.django_db
def test_anonymous_visitor_chooses_english_by_cookie(client):
    response = client.post("/language/", {"language": "en", "next": "/login/"})

    assert response.status_code == 302 and response["Location"] == "/login/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and cookie["samesite"] == "Lax"
    page = client.get("/login/")
    assert page_language(page) == "en"
    assert "<h1>Sign in</h1>" in page.content.decode()


def test_signed_in_choice_is_stored_on_the_user_and_follows_them(client, bob, alice):
    login(client, bob)

    response = client.post("/language/", {"language": "en", "next": "/account/"})

    assert response["Location"] == "/account/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    bob.refresh_from_db()
    assert bob.language == "en"
    alice.refresh_from_db()
    assert alice.language == "ja"  # only the caller's own account changes
    client.cookies.clear()  # another browser: no cookie, the account decides
    login(client, bob)
    assert page_language(client.get("/account/")) == "en"


def test_the_accounts_language_wins_over_a_stale_cookie(client, bob):
    User.objects.filter(pk=bob.pk).update(language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    login(client, bob)

    assert page_language(client.get("/account/")) == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/path", "javascript:alert(1)"])
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post("/language/", {"language": "en", "next": target})

    assert response["Location"] == "/"


@pytest.mark.django_db
def test_unknown_language_is_ignored(client):
    response = client.post("/language/", {"language": "fr", "next": "/login/"})

    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert page_language(client.get("/login/")) == "ja"


@pytest.mark.django_db
def test_language_switch_is_post_only(client):
    assert client.get("/language/?language=en").status_code == 405
