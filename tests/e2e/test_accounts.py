"""The account flows as a new user tries them in Chromium: forgot the password (the mail read from Django's
outbox), set a new one, sign in; change it; see the other session and end it; delete a company and take it back.

Selectors are ids, names, hrefs and form actions only: the wording is translated.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail

from rashinban.orgs.models import Organisation
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
NEW = "a brand new long passphrase 2026"


def sign_in(page, live_url: str, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_url}/login/")
    page.fill('input[name="username"]', email)
    page.fill('input[name="password"]', password)
    page.locator('form button[type="submit"]').click()


def test_forgotten_password_reset_by_mail_then_sign_in(live_url, new_context, console, shoot, bob):  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    page = new_context().new_page()
    page.goto(f"{live_url}/login/")
    page.locator('a[href="/password-reset/"]').click()
    shoot(page, "accounts-01-forgot")
    page.fill('input[name="email"]', "bob@a.example")
    page.locator('form button[type="submit"]').click()
    page.wait_for_selector("#reset-sent")
    shoot(page, "accounts-02-sent")

    [message] = mail.outbox
    link = re.search(r"https?://\S+/password-reset/\S+/", message.body).group(0)
    page.goto(link)
    page.fill('input[name="new_password1"]', NEW)
    page.fill('input[name="new_password2"]', NEW)
    shoot(page, "accounts-03-new-password")
    page.locator('form button[type="submit"]').click()
    page.wait_for_selector("#reset-complete")

    page.goto(link)  # the link works once
    page.wait_for_selector("#link-invalid")
    sign_in(page, live_url, "bob@a.example", NEW)
    page.wait_for_url(re.compile(r".*/o/\d+/$"))
    assert console.take() == []


def test_change_password_and_end_the_other_session(live_url, new_context, console, shoot, bob):  # type: ignore[no-untyped-def]
    office = new_context().new_page()
    sign_in(office, live_url, "bob@a.example", PASSWORD)
    office.wait_for_url(re.compile(r".*/o/\d+/$"))
    home = new_context().new_page()
    sign_in(home, live_url, "bob@a.example", PASSWORD)
    home.wait_for_url(re.compile(r".*/o/\d+/$"))

    home.goto(f"{live_url}/account/")
    assert home.locator("#sessions tbody tr").count() == 2
    shoot(home, "accounts-04-sessions", full_page=True)
    home.locator('#sessions form[action="/account/sessions/end/"] button').last.click()
    office.goto(f"{live_url}/account/")
    assert "/login/" in office.url  # the other session was ended

    home.goto(f"{live_url}/account/password/")
    home.fill('input[name="old_password"]', PASSWORD)
    home.fill('input[name="new_password1"]', NEW)
    home.fill('input[name="new_password2"]', NEW)
    home.locator('form button[type="submit"]').click()
    home.wait_for_url(f"{live_url}/account/")
    assert console.take() == []


def test_owner_deletes_the_company_and_takes_it_back(live_url, new_context, console, shoot, client, alice, org_a):  # type: ignore[no-untyped-def]
    from tests.e2e.test_security import signed_in_page

    page = signed_in_page(client, new_context, live_url, alice)
    page.goto(f"{live_url}/o/{org_a.id}/settings/")
    page.locator(f'a[href="/o/{org_a.id}/delete/"]').click()
    page.fill('input[name="name"]', org_a.name)
    shoot(page, "accounts-05-delete-company")
    page.locator('form button[type="submit"]').click()
    page.wait_for_selector("#deletion-scheduled")
    assert Organisation.objects.get(pk=org_a.pk).deletion_requested_at is not None
    page.locator('form button[type="submit"]').click()
    page.wait_for_selector('input[name="name"]')
    assert Organisation.objects.get(pk=org_a.pk).deletion_requested_at is None
    assert console.take() == []
