"""Sign-up creates a company and its owner once the e-mail address is confirmed, nothing when the input is
wrong, and answers the same whether or not the address already has an account."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail

from rashinban.orgs import signup
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, Organisation, User
from tests.conftest import login

GOOD_PASSWORD = "kaisha-no-himitsu-2026"


def signup_data(**overrides: str) -> dict[str, str]:
    data = {
        "org-name": "みなと商店",
        "org-industry": "retail",
        "org-employee_band": "21-50",
        "org-prefecture": "静岡県",
        "user-email": "Owner@Minato.example",
        "user-display_name": "港 太郎",
        "user-password1": GOOD_PASSWORD,
        "user-password2": GOOD_PASSWORD,
        "user-language": "ja",
    }
    data.update(overrides)
    return data


def confirm_link() -> str:
    """The path of the confirmation link in the last mail."""
    return re.search(r"https?://[^/\s]+(/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)


def sign_up(client, **overrides: str):  # type: ignore[no-untyped-def]
    """Send the form, then confirm with the link from the mail, as a person does."""
    sent = client.post("/signup/", signup_data(**overrides))
    assert sent.status_code == 302 and sent["Location"] == "/signup/sent/"
    return client.post(confirm_link())


@pytest.mark.django_db
def test_signup_creates_organisation_with_profile_and_its_owner(client):
    sent = client.post("/signup/", signup_data())
    assert sent["Location"] == "/signup/sent/"
    assert not User.objects.exists() and not Organisation.objects.exists()  # nothing before the address is confirmed
    assert client.get(confirm_link()).status_code == 200  # opening the link creates nothing either
    assert not User.objects.exists()

    response = client.post(confirm_link())

    assert response.status_code == 302
    assert response["Location"] == "/mfa/setup/"
    org = Organisation.objects.get()
    assert (org.name, org.industry, org.employee_band, org.prefecture) == ("みなと商店", "retail", "21-50", "静岡県")
    user = User.objects.get()
    assert user.email == "owner@minato.example"
    assert user.check_password(GOOD_PASSWORD)
    membership = Membership.objects.get()
    assert (membership.user, membership.organisation, membership.role, membership.active) == (
        user,
        org,
        Role.OWNER,
        True,
    )
    # Signed in, but as an owner the next stop is the second factor, not the dashboard.
    assert client.get(f"/o/{org.id}/")["Location"] == "/mfa/setup/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("user-password1", "short-pw-11"),  # 11 characters: one short of the minimum
        ("user-password2", "something-else-entirely"),
        ("user-email", "not-an-address"),
        (
            "user-email",
            "a" * 64 + "@" + "b" * 63 + "." + "c" * 30 + ".jp",
        ),  # valid, but longer than the username column
        ("org-name", ""),
        ("org-prefecture", "Atlantis"),
        ("org-employee_band", "lots"),
    ],
)
def test_signup_with_bad_input_creates_nothing(client, field, value):
    data = signup_data(**{field: value})
    if field == "user-password1":
        data["user-password2"] = value

    response = client.post("/signup/", data)

    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not User.objects.exists()
    assert not Organisation.objects.exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_of_exactly_twelve_characters_is_accepted(client):
    password = "kx7-Qm2v!Lp9"
    assert len(password) == 12
    response = sign_up(client, **{"user-password1": password, "user-password2": password})
    assert response.status_code == 302
    assert User.objects.get().check_password(password)


def test_signup_with_an_existing_address_answers_the_same_and_changes_nothing(client, alice):
    new = client.post("/signup/", signup_data(**{"user-email": "someone-new@a.example"}))
    known = client.post("/signup/", signup_data(**{"user-email": "ALICE@a.example"}))

    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"]) == (302, "/signup/sent/")
    assert [m.to for m in mail.outbox] == [["someone-new@a.example"], ["alice@a.example"]]
    assert "/signup/confirm/" not in mail.outbox[1].body and "/password-reset/" in mail.outbox[1].body
    assert User.objects.count() == 1
    assert Organisation.objects.count() == 1
    alice.refresh_from_db()
    assert alice.check_password("correct horse battery staple")


def test_new_owner_cannot_open_another_company(client, org_b, mallory):
    sign_up(client)
    new_org = Organisation.objects.exclude(pk=org_b.pk).get()
    login(client, User.objects.get(email="owner@minato.example"))
    assert client.get(f"/o/{new_org.id}/").status_code == 200
    assert client.get(f"/o/{org_b.id}/").status_code == 404
    assert client.get(f"/o/{org_b.id}/people/").status_code == 404


@pytest.mark.django_db
def test_a_confirmation_link_creates_once(client):
    sign_up(client)
    again = client.post(confirm_link())
    assert again.status_code == 410 and User.objects.count() == 1 and Organisation.objects.count() == 1


@pytest.mark.django_db
def test_a_confirmation_link_expires_after_a_day(client, monkeypatch):
    client.post("/signup/", signup_data())
    link = confirm_link()
    later = time.time() + signup.VALID_SECONDS + 60
    monkeypatch.setattr(signup.time, "time", lambda: later)
    assert client.post(link).status_code == 410 and not User.objects.exists()


@pytest.mark.django_db
def test_a_changed_link_creates_nothing(client):
    client.post("/signup/", signup_data())
    link = confirm_link()
    tampered = link[:-6] + ("A" if link[-6] != "A" else "B") + link[-5:]
    assert client.post(tampered).status_code == 410 and not User.objects.exists()


@pytest.mark.django_db
def test_the_password_is_not_readable_in_the_link(client):
    client.post("/signup/", signup_data())
    assert GOOD_PASSWORD not in mail.outbox[-1].body and "argon2" not in mail.outbox[-1].body
