"""People, invitations and the company profile: only the company's owner manages them."""

from __future__ import annotations

import pytest
from django.core import mail

from rashinban.orgs.choices import Role
from rashinban.orgs.models import Invitation, Membership, Organisation
from tests.conftest import add_member, login, make_user

PROFILE = {
    "name": "A商事ホールディングス",
    "industry": "construction",
    "employee_band": "51-100",
    "prefecture": "大阪府",
}
# The settings page also asks for the language the company's reports are written in.
SETTINGS = {**PROFILE, "language": "ja"}


@pytest.fixture
def pending(org_a, alice) -> Invitation:
    return Invitation.issue(org_a, "pending@a.example", Role.MEMBER, alice)[0]


def test_owner_sees_people_and_open_invitations(as_alice, org_a, alice, bob, carol, pending, mallory):
    page = as_alice.get(f"/o/{org_a.id}/people/").content.decode()

    for email in ("alice@a.example", "bob@a.example", "carol@advisor.example", "pending@a.example"):
        assert email in page
    assert "mallory@b.example" not in page
    bob_membership = Membership.objects.get(user=bob)
    alice_membership = Membership.objects.get(user=alice)
    assert f"/o/{org_a.id}/people/{bob_membership.id}/revoke/" in page
    assert f"/o/{org_a.id}/people/{alice_membership.id}/revoke/" not in page  # no button to remove oneself


def test_owner_removes_a_member_who_then_loses_access(as_alice, org_a, bob, client):
    membership = Membership.objects.get(user=bob)

    assert as_alice.post(f"/o/{org_a.id}/people/{membership.id}/revoke/").status_code == 302

    membership.refresh_from_db()
    assert not membership.active
    as_alice.post("/logout/")
    login(client, bob)
    assert client.get(f"/o/{org_a.id}/").status_code == 404


def test_the_last_owner_cannot_be_removed(as_alice, org_a, alice):
    membership = Membership.objects.get(user=alice)

    as_alice.post(f"/o/{org_a.id}/people/{membership.id}/revoke/")

    membership.refresh_from_db()
    assert membership.active
    assert as_alice.get(f"/o/{org_a.id}/people/").status_code == 200


def test_one_of_two_owners_can_be_removed(as_alice, org_a):
    second = add_member(make_user("second@a.example", "Second"), org_a, Role.OWNER)

    as_alice.post(f"/o/{org_a.id}/people/{second.id}/revoke/")

    second.refresh_from_db()
    assert not second.active


def test_revoke_needs_a_post(as_alice, org_a, bob):
    membership = Membership.objects.get(user=bob)
    assert as_alice.get(f"/o/{org_a.id}/people/{membership.id}/revoke/").status_code == 405
    membership.refresh_from_db()
    assert membership.active


def test_owner_cancels_an_invitation_and_its_link_dies(as_alice, org_a, alice, client):
    invitation, token = Invitation.issue(org_a, "late@a.example", Role.MEMBER, alice)

    assert as_alice.post(f"/o/{org_a.id}/invitations/{invitation.id}/cancel/").status_code == 302

    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
    assert "late@a.example" not in as_alice.get(f"/o/{org_a.id}/people/").content.decode()
    as_alice.post("/logout/")
    assert client.get(f"/invite/{token}/").status_code == 410


def test_owner_edits_the_company_profile(as_alice, org_a):
    assert as_alice.post(f"/o/{org_a.id}/settings/", {**SETTINGS, "slug": "a-shoji"}).status_code == 302

    org_a.refresh_from_db()
    assert (org_a.name, org_a.industry, org_a.employee_band, org_a.prefecture) == tuple(PROFILE.values())
    assert org_a.slug == "a-shoji"


def test_a_short_name_taken_by_another_company_is_refused(as_alice, org_a, org_b):
    response = as_alice.post(f"/o/{org_a.id}/settings/", {**SETTINGS, "slug": org_b.slug})

    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    org_a.refresh_from_db()
    assert org_a.slug != org_b.slug and org_a.name == "A商事"


def test_every_new_company_gets_a_unique_ascii_short_name(db):
    first = Organisation.objects.create(name="山田製作所")
    second = Organisation.objects.create(name="Yamada Works 山田")

    assert first.slug.startswith("company-") and second.slug.startswith("yamada-works-")
    assert first.slug.isascii() and first.slug != Organisation.objects.create(name="山田製作所").slug


def test_bad_profile_input_changes_nothing(as_alice, org_a):
    response = as_alice.post(f"/o/{org_a.id}/settings/", {**SETTINGS, "prefecture": "Atlantis"})

    assert response.status_code == 200
    org_a.refresh_from_db()
    assert org_a.name == "A商事"


@pytest.mark.parametrize("persona", ["bob", "carol"])
def test_member_and_advisor_cannot_manage_people_or_the_profile(client, request, org_a, alice, pending, persona):
    user = request.getfixturevalue(persona)
    login(client, user)
    alice_membership = Membership.objects.get(user=alice)

    assert client.get(f"/o/{org_a.id}/").status_code == 200  # they do belong here
    assert client.get(f"/o/{org_a.id}/people/").status_code == 403
    assert client.post(f"/o/{org_a.id}/people/", {"email": "x@x.example", "role": Role.OWNER}).status_code == 403
    assert client.post(f"/o/{org_a.id}/people/{alice_membership.id}/revoke/").status_code == 403
    assert client.post(f"/o/{org_a.id}/invitations/{pending.id}/cancel/").status_code == 403
    assert client.get(f"/o/{org_a.id}/settings/").status_code == 403
    assert client.post(f"/o/{org_a.id}/settings/", SETTINGS).status_code == 403
    assert f"/o/{org_a.id}/people/" not in client.get(f"/o/{org_a.id}/").content.decode()

    alice_membership.refresh_from_db()
    pending.refresh_from_db()
    org_a.refresh_from_db()
    assert alice_membership.active and pending.cancelled_at is None and org_a.name == "A商事"
    assert Invitation.objects.count() == 1 and not mail.outbox


def test_owner_of_another_company_gets_404_everywhere(client, mallory, org_a, alice, pending):
    login(client, mallory)
    alice_membership = Membership.objects.get(user=alice)

    assert client.get(f"/o/{org_a.id}/people/").status_code == 404
    assert client.post(f"/o/{org_a.id}/people/{alice_membership.id}/revoke/").status_code == 404
    assert client.post(f"/o/{org_a.id}/invitations/{pending.id}/cancel/").status_code == 404
    assert client.post(f"/o/{org_a.id}/settings/", SETTINGS).status_code == 404

    alice_membership.refresh_from_db()
    pending.refresh_from_db()
    org_a.refresh_from_db()
    assert alice_membership.active and pending.cancelled_at is None and org_a.name == "A商事"


def test_a_line_break_in_the_company_name_cannot_reach_mail_headers(as_alice, org_a):
    as_alice.post(f"/o/{org_a.id}/settings/", {**SETTINGS, "name": "A商事\r\nBcc: spy@evil.example"})
    org_a.refresh_from_db()
    assert org_a.name == "A商事 Bcc: spy@evil.example"
    Organisation.objects.filter(pk=org_a.pk).update(name="Old\nName")  # saved before the form kept it on one line

    response = as_alice.post(f"/o/{org_a.id}/people/", {"email": "dan@a.example", "role": Role.MEMBER})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject and "Old Name" in mail.outbox[0].subject
    assert mail.outbox[0].bcc == []
