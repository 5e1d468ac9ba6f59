"""Pen-test finding: a removed co-owner's write token still worked. A token acts for the owner who made it and
stops the moment that person is no longer an active owner of its company."""

from __future__ import annotations

import pytest

from rashinban.api.models import ApiToken, Scope
from rashinban.orgs.actions import revoke_membership
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership
from tests.conftest import add_member, make_user


@pytest.fixture
def co_owner(org_a, alice):
    user = make_user("dave@a.example", "Dave")
    add_member(user, org_a, Role.OWNER)
    return user


def call(client, raw: str) -> int:
    return client.get("/api/v1/organisation", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


def test_a_token_works_while_its_creator_is_an_owner(client, org_a, co_owner):
    _token, raw = ApiToken.issue(org_a, "sync", Scope.WRITE, co_owner)
    assert call(client, raw) == 200


def test_removing_the_co_owner_stops_their_tokens(client, org_a, co_owner):
    token, raw = ApiToken.issue(org_a, "sync", Scope.WRITE, co_owner)
    revoke_membership(Membership.objects.get(user=co_owner, organisation=org_a))
    assert call(client, raw) == 401
    token.refresh_from_db()
    assert token.revoked_at is not None  # the token list shows it as revoked


@pytest.mark.parametrize("change", ["member", "inactive_account", "deleted_account", "membership_off"])
def test_every_loss_of_standing_stops_the_token(client, org_a, co_owner, change):
    _token, raw = ApiToken.issue(org_a, "sync", Scope.WRITE, co_owner)
    membership = Membership.objects.get(user=co_owner, organisation=org_a)
    if change == "member":
        membership.role = Role.MEMBER
        membership.save()
    elif change == "inactive_account":
        co_owner.is_active = False
        co_owner.save()
    elif change == "deleted_account":
        co_owner.delete()
    else:
        Membership.objects.filter(pk=membership.pk).update(active=False)  # bypassing the action: still dies
    assert call(client, raw) == 401


def test_the_other_owners_tokens_keep_working(client, org_a, alice, co_owner):
    _token, raw = ApiToken.issue(org_a, "alice's", Scope.READ, alice)
    revoke_membership(Membership.objects.get(user=co_owner, organisation=org_a))
    assert call(client, raw) == 200
