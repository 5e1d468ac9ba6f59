"""Invitation links: mailed, single-use, expiring, bound to one address; revoking access closes the company."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp

from rashinban.orgs import actions
from rashinban.orgs.choices import Role
from rashinban.orgs.models import EncryptedTOTPDevice, Invitation, Membership, User
from tests.conftest import PASSWORD, login

NEW_PASSWORD = "atarashii-kotoba-42"


def invite_by_mail(client, org, email: str, role: str) -> str:
    """Invite through the people page as a signed-in owner; return the link's path from the mail."""
    response = client.post(f"/o/{org.id}/people/", {"email": email, "role": role})
    assert response.status_code == 302
    assert mail.outbox[-1].to == [email]
    return re.search(r"https?://[^/\s]+(/invite/[\w-]+/)", mail.outbox[-1].body).group(1)


def accept_as_new_person(client, path: str):
    return client.post(path, {"display_name": "New", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})


def test_owner_invites_by_mail_and_only_a_hash_of_the_token_is_kept(as_alice, org_a):
    path = invite_by_mail(as_alice, org_a, "dan@a.example", Role.MEMBER)

    token = path.split("/")[2]
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.organisation) == ("dan@a.example", "member", org_a)
    assert token not in invitation.token_hash
    assert invitation.expires_at - timezone.now() > timedelta(days=6)
    assert org_a.name in mail.outbox[0].subject


def test_new_member_joins_once_and_the_link_is_then_dead(as_alice, org_a, client):
    path = invite_by_mail(as_alice, org_a, "dan@a.example", Role.MEMBER)
    as_alice.post("/logout/")

    assert client.get(path).status_code == 200
    response = accept_as_new_person(client, path)

    assert response["Location"] == f"/o/{org_a.id}/"
    dan = User.objects.get(email="dan@a.example")
    assert dan.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=dan).role == Role.MEMBER
    assert client.get(f"/o/{org_a.id}/").status_code == 200
    client.post("/logout/")
    assert client.get(path).status_code == 410
    assert accept_as_new_person(client, path).status_code == 410
    assert User.objects.filter(email="dan@a.example").count() == 1


def test_invited_advisor_must_set_up_the_second_factor_first(org_a, alice, client):
    invitation, token = Invitation.issue(org_a, "eve@advisor.example", Role.ADVISOR, alice)

    response = accept_as_new_person(client, f"/invite/{token}/")

    assert response["Location"] == "/mfa/setup/"
    assert client.get(f"/o/{org_a.id}/")["Location"] == "/mfa/setup/"


@pytest.mark.parametrize("how", ["expired", "cancelled"])
def test_expired_or_cancelled_link_answers_410(org_a, alice, client, how):
    invitation, token = Invitation.issue(org_a, "late@a.example", Role.MEMBER, alice)
    if how == "expired":
        invitation.expires_at = timezone.now() - timedelta(seconds=1)
    else:
        invitation.cancelled_at = timezone.now()
    invitation.save()

    for response in (client.get(f"/invite/{token}/"), accept_as_new_person(client, f"/invite/{token}/")):
        assert response.status_code == 410
        assert "orgs/invitation_invalid.html" in [t.name for t in response.templates]
    assert not User.objects.filter(email="late@a.example").exists()


def test_unknown_token_answers_404(client, db):
    assert client.get("/invite/not-a-real-token/").status_code == 404


def test_signed_in_person_with_another_address_cannot_use_the_link(org_a, alice, mallory, client):
    invitation, token = Invitation.issue(org_a, "dan@a.example", Role.ADVISOR, alice)
    login(client, mallory)

    response = client.post(f"/invite/{token}/")

    assert response.status_code == 400
    assert not Membership.objects.filter(user=mallory, organisation=org_a).exists()
    assert client.get(f"/o/{org_a.id}/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_usable  # the right person can still accept


def test_existing_account_is_sent_to_sign_in_and_comes_back(org_a, alice, mallory, client):
    invitation, token = Invitation.issue(org_a, "mallory@b.example", Role.ADVISOR, alice)
    path = f"/invite/{token}/"
    device = EncryptedTOTPDevice.objects.create(user=mallory, name="phone", confirmed=True)

    response = client.get(path)
    assert response["Location"] == f"/login/?next={path}"
    # No second account can be made for the same address through the link.
    accept_as_new_person(client, path)
    assert User.objects.filter(email="mallory@b.example").count() == 1
    mallory.refresh_from_db()
    assert mallory.check_password(PASSWORD)

    response = client.post(f"/login/?next={path}", {"username": mallory.email, "password": PASSWORD, "next": path})
    assert response["Location"] == "/mfa/verify/"
    response = client.post("/mfa/verify/", {"token": f"{totp(device.bin_key):06d}"})
    assert response["Location"] == path
    assert client.post(path).status_code == 302
    assert Membership.objects.get(user=mallory, organisation=org_a).role == Role.ADVISOR


def test_owner_who_enrols_on_the_way_still_lands_on_the_invitation(org_a, alice, mallory, client):
    invitation, token = Invitation.issue(org_a, "mallory@b.example", Role.ADVISOR, alice)
    path = f"/invite/{token}/"

    response = client.post(f"/login/?next={path}", {"username": mallory.email, "password": PASSWORD, "next": path})
    assert response["Location"] == "/mfa/setup/"
    client.get("/mfa/setup/")
    device = EncryptedTOTPDevice.objects.get(user=mallory)
    page = client.post("/mfa/setup/", {"token": f"{totp(device.bin_key):06d}"}).content.decode()

    assert f'href="{path}"' in page


def test_advisor_of_one_company_joins_a_second_and_sees_both(org_a, org_b, carol, mallory, client):
    login(client, mallory)
    path = invite_by_mail(client, org_b, "carol@advisor.example", Role.ADVISOR)
    client.post("/logout/")

    login(client, carol)
    response = client.post(path)

    assert response["Location"] == f"/o/{org_b.id}/"
    assert client.get(f"/o/{org_a.id}/").status_code == 200
    assert client.get(f"/o/{org_b.id}/").status_code == 200
    home = client.get("/").content.decode()
    assert org_a.name in home and org_b.name in home


def test_revoking_an_advisor_closes_that_company_only(org_a, org_b, carol, mallory, client):
    actions.accept_invitation(Invitation.issue(org_b, carol.email, Role.ADVISOR, mallory)[0], carol)
    membership = Membership.objects.get(user=carol, organisation=org_b)
    login(client, mallory)

    response = client.post(f"/o/{org_b.id}/people/{membership.id}/revoke/")

    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.active and membership.revoked_at is not None
    client.post("/logout/")
    login(client, carol)
    assert client.get(f"/o/{org_b.id}/").status_code == 404
    assert client.get(f"/o/{org_b.id}/diagnoses/").status_code == 404
    assert client.get(f"/o/{org_a.id}/").status_code == 200


def test_a_new_invitation_restores_revoked_access(org_a, alice, carol, client):
    membership = Membership.objects.get(user=carol)
    actions.revoke_membership(membership)
    invitation, token = Invitation.issue(org_a, carol.email, Role.ADVISOR, alice)
    login(client, carol)

    assert client.post(f"/invite/{token}/").status_code == 302

    membership.refresh_from_db()
    assert membership.active and membership.revoked_at is None
    assert client.get(f"/o/{org_a.id}/").status_code == 200


def test_weak_password_on_acceptance_keeps_the_link_usable(org_a, alice, client):
    invitation, token = Invitation.issue(org_a, "dan@a.example", Role.MEMBER, alice)

    response = client.post(f"/invite/{token}/", {"display_name": "Dan", "password1": "short", "password2": "short"})

    assert response.status_code == 200
    assert not User.objects.filter(email="dan@a.example").exists()
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_member_cannot_send_invitations(client, bob, org_a):
    login(client, bob)

    response = client.post(f"/o/{org_a.id}/people/", {"email": "friend@x.example", "role": Role.OWNER})

    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_owner_of_another_company_cannot_invite_into_it(client, mallory, org_a):
    login(client, mallory)

    response = client.post(f"/o/{org_a.id}/people/", {"email": "spy@b.example", "role": Role.ADVISOR})

    assert response.status_code == 404
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_an_address_too_long_to_sign_in_with_is_not_invited(as_alice, org_a):
    response = as_alice.post(
        f"/o/{org_a.id}/people/", {"email": "a" * 64 + "@" + "b" * 63 + "." + "c" * 30 + ".jp", "role": "member"}
    )

    assert response.status_code == 200
    assert not Invitation.objects.exists() and not mail.outbox
