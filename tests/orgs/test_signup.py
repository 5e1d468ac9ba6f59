"""Sign-up creates a company and its owner in one step, and nothing when the input is wrong."""

from __future__ import annotations

import pytest

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


@pytest.mark.django_db
def test_signup_creates_organisation_with_profile_and_its_owner(client):
    response = client.post("/signup/", signup_data())

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
    response = client.post("/signup/", signup_data(**{"user-password1": password, "user-password2": password}))
    assert response.status_code == 302
    assert User.objects.get().check_password(password)


def test_signup_with_an_existing_address_is_refused_whatever_the_case(client, alice):
    response = client.post("/signup/", signup_data(**{"user-email": "ALICE@a.example"}))

    assert response.status_code == 200
    assert User.objects.count() == 1
    assert Organisation.objects.count() == 1
    alice.refresh_from_db()
    assert alice.check_password("correct horse battery staple")


def test_new_owner_cannot_open_another_company(client, org_b, mallory):
    client.post("/signup/", signup_data())
    new_org = Organisation.objects.exclude(pk=org_b.pk).get()
    login(client, User.objects.get(email="owner@minato.example"))
    assert client.get(f"/o/{new_org.id}/").status_code == 200
    assert client.get(f"/o/{org_b.id}/").status_code == 404
    assert client.get(f"/o/{org_b.id}/people/").status_code == 404
