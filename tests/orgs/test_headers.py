"""Security headers on every response, and pages that work under the strict content security policy."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import PASSWORD, login


def assert_security_headers(response, what: str) -> None:
    csp = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp, what
    assert "script-src 'self'" in csp and "style-src 'self'" in csp, what
    assert "frame-ancestors 'none'" in csp, what
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, what
    assert response.get("X-Frame-Options") == "DENY", what
    assert response.get("X-Content-Type-Options") == "nosniff", what
    assert response.get("Referrer-Policy") in {"same-origin", "strict-origin-when-cross-origin", "no-referrer"}, what


@pytest.mark.django_db
def test_anonymous_responses_carry_the_headers(client):
    responses = {
        "landing": client.get("/"),
        "login": client.get("/login/"),
        "signup": client.get("/signup/"),
        "not found": client.get("/o/999999/"),
        "unknown url": client.get("/nothing-here/"),
        "health": client.get("/healthz"),
        "redirect": client.post("/language/", {"language": "en"}),
        "wrong method": client.get("/logout/"),
        "stylesheet": client.get("/static/css/app.css"),
    }
    for what, response in responses.items():
        assert_security_headers(response, what)
    assert responses["stylesheet"].status_code == 200


def test_signed_in_and_lockout_responses_carry_the_headers(client, as_alice, org_a, bob):
    for path in (f"/o/{org_a.id}/", f"/o/{org_a.id}/people/", "/account/", "/mfa/setup/"):
        assert_security_headers(as_alice.get(path), path)
    as_alice.post("/logout/")
    for i in range(5):
        response = client.post("/login/", {"username": "bob@a.example", "password": f"nope-{i}"})
    assert response.status_code == 429
    assert_security_headers(response, "lockout")


def test_session_and_csrf_cookies_are_httponly_and_samesite(client, bob):
    client.get("/login/")
    response = client.post("/login/", {"username": "bob@a.example", "password": PASSWORD})

    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert session.value and session.value not in response.content.decode()


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style[\s>]", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_pages_have_no_inline_script_or_style_the_policy_would_block(client, alice, org_a, bob):
    login(client, alice, verified=False)
    pages = {"/mfa/setup/": client.get("/mfa/setup/")}  # includes the inline SVG QR code
    login(client, alice)
    for path in (
        "/",
        f"/o/{org_a.id}/",
        f"/o/{org_a.id}/people/",
        f"/o/{org_a.id}/settings/",
        "/account/",
        f"/o/{org_a.id}/diagnoses/",
    ):
        pages[path] = client.get(path, follow=True)
    client.post("/logout/")
    for path in ("/", "/login/", "/signup/", "/nothing-here/"):
        pages[f"anonymous {path}"] = client.get(path)

    for path, response in pages.items():
        html = response.content.decode()
        assert "<html" in html, path
        for pattern, what in INLINE:
            assert not pattern.search(html), f"{what} on {path}: the CSP would block it"


def test_cross_site_form_posts_are_refused(alice, org_a):
    browser = Client(enforce_csrf_checks=True)
    login(browser, alice)

    assert browser.post("/language/", {"language": "en"}).status_code == 403
    assert browser.post(f"/o/{org_a.id}/people/", {"email": "x@x.example", "role": "owner"}).status_code == 403
    assert browser.post("/logout/").status_code == 403
    alice.refresh_from_db()
    assert alice.language == "ja"
    assert browser.get(f"/o/{org_a.id}/").status_code == 200  # still signed in
