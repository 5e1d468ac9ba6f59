"""The account lifecycle: reset a forgotten password by mail, change it, see and end sessions, leave a company,
delete the account. Mails go through the real queue to Django's locmem outbox (tests/conftest.py)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client

from rashinban.orgs.models import Membership, User
from tests.conftest import PASSWORD, login

NEW = "a brand new long passphrase 2026"


@pytest.fixture(autouse=True)
def _fresh_counts():
    """The reset throttle counts in the cache, which outlives one test."""
    from django.core.cache import cache

    cache.clear()


def reset_link() -> str:
    [message] = mail.outbox
    return re.search(r"https?://\S+/password-reset/\S+/", message.body).group(0).split("testserver", 1)[-1]


def ask_reset(client: Client, email: str):  # type: ignore[no-untyped-def]
    return client.post("/password-reset/", {"email": email})


def test_the_reset_page_answers_the_same_for_known_and_unknown_addresses(client, bob):
    known = ask_reset(client, "bob@a.example")
    unknown = ask_reset(Client(), "nobody@a.example")
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["bob@a.example"]
    page = client.get(known["Location"]).content.decode()
    assert 'id="reset-sent"' in page


def test_a_reset_link_works_once_and_ends_every_session(client, bob):
    elsewhere = login(Client(), bob)
    ask_reset(client, "bob@a.example")
    link = reset_link()
    form = client.get(link, follow=True)
    assert form.status_code == 200 and b"new_password1" in form.content
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    bob.refresh_from_db()
    assert bob.check_password(NEW)
    assert elsewhere.get("/account/").status_code == 302  # signed out
    again = Client().get(link, follow=True)
    assert b'id="link-invalid"' in again.content


def test_a_reset_link_expires_within_an_hour(client, bob, settings, monkeypatch):
    assert settings.PASSWORD_RESET_TIMEOUT <= 3600
    ask_reset(client, "bob@a.example")
    link = reset_link()
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert b'id="link-invalid"' in Client().get(link, follow=True).content


def test_reset_mails_are_throttled_per_address(client, bob):
    for _ in range(5):
        assert ask_reset(Client(REMOTE_ADDR="192.0.2.1"), "bob@a.example").status_code == 302
    assert len(mail.outbox) == 3


def test_someone_who_never_set_a_password_can_set_one(client, db):
    moved = User.objects.create_user(email="moved@a.example", password=None)
    assert not moved.has_usable_password()
    ask_reset(client, "moved@a.example")
    assert len(mail.outbox) == 1


def test_change_password_needs_the_current_one_and_ends_other_sessions(client, bob):
    elsewhere = login(Client(), bob)
    login(client, bob)
    wrong = client.post("/account/password/", {"old_password": "nope", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 200
    right = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert right.status_code == 302
    assert client.get("/account/").status_code == 200  # this session stays
    assert elsewhere.get("/account/").status_code == 302


def test_sessions_are_listed_and_the_others_can_be_ended(client, bob):
    other = Client(HTTP_USER_AGENT="Firefox on the office PC")
    other.post("/login/", {"username": "bob@a.example", "password": PASSWORD})
    client.post("/login/", {"username": "bob@a.example", "password": PASSWORD})
    page = client.get("/account/").content.decode()
    assert "Firefox on the office PC" in page
    client.post("/account/sessions/end/")
    assert other.get("/account/").status_code == 302
    assert client.get("/account/").status_code == 200


def test_a_member_leaves_and_the_last_owner_cannot(client, org_a, alice, bob):
    login(client, bob)
    client.post(f"/o/{org_a.pk}/leave/")
    assert not Membership.objects.get(user=bob, organisation=org_a).active
    login(client, alice)
    client.post(f"/o/{org_a.pk}/leave/")
    assert Membership.objects.get(user=alice, organisation=org_a).active


def test_the_only_owner_is_told_why_the_account_stays(client, org_a, alice):
    login(client, alice)
    page = client.get("/account/delete/").content.decode()
    assert 'id="sole-owner"' in page and org_a.name in page
    response = client.post("/account/delete/", {"password": PASSWORD})
    assert response.status_code == 400 and User.objects.filter(pk=alice.pk).exists()


@pytest.mark.parametrize("password", [PASSWORD, "wrong"])
def test_a_member_deletes_their_account_with_the_password(client, bob, password):
    login(client, bob)
    response = client.post("/account/delete/", {"password": password})
    assert User.objects.filter(pk=bob.pk).exists() == (password == "wrong")
    assert response.status_code == (302 if password == PASSWORD else 400)


def email_link() -> str:
    return re.search(r"https?://[^/\s]+(/account/email/confirm/\S+/)", mail.outbox[0].body).group(1)


def test_a_new_address_is_confirmed_there_and_noticed_at_the_old_one(client, bob):
    login(client, bob)
    wrong = client.post("/account/email/", {"email": "bob@new.example", "password": "nope"})
    assert wrong.status_code == 200 and not mail.outbox
    client.post("/account/email/", {"email": "Bob@New.example", "password": PASSWORD})
    assert [m.to for m in mail.outbox] == [["bob@new.example"], ["bob@a.example"]]
    bob.refresh_from_db()
    assert bob.email == "bob@a.example"  # not before the link is used
    link = email_link()
    assert Client().post(link).status_code == 302
    bob.refresh_from_db()
    assert bob.email == "bob@new.example"
    assert Client().post(link).status_code == 410  # once


def test_an_address_of_another_account_is_not_revealed_or_taken(client, alice, bob):
    login(client, bob)
    response = client.post("/account/email/", {"email": "alice@a.example", "password": PASSWORD})
    assert response.status_code == 302  # the same answer as for a free address
    assert "/account/email/confirm/" not in mail.outbox[0].body and mail.outbox[0].to == ["alice@a.example"]
    bob.refresh_from_db()
    assert bob.email == "bob@a.example"
