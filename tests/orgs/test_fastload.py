"""The checks every signed-in request runs (session, user, second factor, membership) read their rows with SQL
written once (orgs/fastload.py). They must read exactly what the ORM reads and refuse exactly what it refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rashinban.orgs.backends import UserBackend
from rashinban.orgs.choices import Role
from rashinban.orgs.fastload import RowLoader
from rashinban.orgs.models import EncryptedTOTPDevice, Membership, Organisation, User
from tests.conftest import add_member, login, on_postgres

pytestmark = pytest.mark.django_db


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_a_user_reads_the_same_as_through_the_orm(alice):
    alice.last_login = timezone.now().replace(microsecond=123456)
    alice.save()
    loaded = RowLoader(User, [("id", "=")]).get(alice.pk)
    expected = fields(User.objects.get(pk=alice.pk))
    assert fields(loaded) == expected
    # Types too: datetimes come back aware, booleans as booleans, as the ORM gives them on every database.
    assert {k: type(v) for k, v in fields(loaded).items()} == {k: type(v) for k, v in expected.items()}
    assert loaded._state.adding is False and loaded._state.db == "default"


def test_a_membership_comes_with_its_company_as_select_related_gives_it(alice, org_a):
    org_a.share_anonymised = True
    org_a.save()
    loader = RowLoader(Membership, [("user", "="), ("organisation", "="), ("active", "=")], related="organisation")
    membership = loader.get(alice.pk, org_a.pk, True)
    orm = Membership.objects.select_related("organisation").get(user=alice, organisation=org_a)
    assert fields(membership) == fields(orm)
    with CaptureQueriesContext(connection) as queries:
        company = membership.organisation  # cached by the join: no second query
    assert len(queries) == 0
    assert fields(company) == fields(Organisation.objects.get(pk=org_a.pk))


def test_no_row_gives_none_and_conditions_all_hold(alice, org_a, org_b):
    loader = RowLoader(Membership, [("user", "="), ("organisation", "="), ("active", "=")], related="organisation")
    assert loader.get(alice.pk, org_b.pk, True) is None
    assert loader.get(alice.pk, org_a.pk, False) is None
    assert RowLoader(User, [("id", "=")]).get(10**9) is None


def test_its_queries_are_logged_like_the_orms(alice):
    with CaptureQueriesContext(connection) as queries:
        RowLoader(User, [("id", "=")]).get(alice.pk)
    assert len(queries) == 1 and "SELECT" in queries[0]["sql"]


def test_the_user_backend_refuses_what_modelbackend_refuses(alice):
    backend = UserBackend()
    assert backend.get_user(alice.pk) == alice
    assert backend.get_user(str(alice.pk)) == alice  # the session keeps the id as text
    assert backend.get_user("not a number") is None
    alice.is_active = False
    alice.save()
    assert backend.get_user(alice.pk) is None


def test_a_deactivated_person_is_signed_out_at_once(client, alice, org_a):
    login(client, alice)
    assert client.get(f"/o/{org_a.id}/").status_code == 200
    User.objects.filter(pk=alice.pk).update(is_active=False)
    response = client.get(f"/o/{org_a.id}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_changed_password_ends_other_sessions(client, alice, org_a):
    login(client, alice)
    assert client.get(f"/o/{org_a.id}/").status_code == 200
    alice.set_password("a completely different passphrase")
    alice.save()
    response = client.get(f"/o/{org_a.id}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_expired_or_deleted_session_is_signed_out(client, alice, org_a):
    login(client, alice)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/o/{org_a.id}/").status_code == 302
    login(client, alice)
    Session.objects.filter(session_key=client.cookies["sessionid"].value).delete()
    assert client.get(f"/o/{org_a.id}/").status_code == 302


def test_a_removed_or_unconfirmed_device_no_longer_verifies(client, alice, org_a):
    login(client, alice)
    assert client.get(f"/o/{org_a.id}/").status_code == 200
    EncryptedTOTPDevice.objects.filter(user=alice).update(confirmed=False)
    response = client.get(f"/o/{org_a.id}/")
    assert response.status_code == 302 and "/mfa/" in response["Location"]
    EncryptedTOTPDevice.objects.filter(user=alice).delete()
    response = client.get(f"/o/{org_a.id}/")
    assert response.status_code == 302 and "/mfa/" in response["Location"]


def test_another_persons_device_in_the_session_verifies_nothing(client, alice, mallory, org_a):
    login(client, alice)
    theirs = EncryptedTOTPDevice.objects.create(user=mallory, name="m", confirmed=True)
    session = client.session
    session["otp_device_id"] = theirs.persistent_id
    session.save()
    response = client.get(f"/o/{org_a.id}/")
    assert response.status_code == 302 and "/mfa/" in response["Location"]


@pytest.mark.parametrize("persistent_id", ["garbage", "otp_totp.totpdevice/x", "no.such/1", "orgs.user/1", "a.b.c/1"])
def test_a_malformed_device_id_in_the_session_is_no_device(client, alice, org_a, persistent_id):
    login(client, alice)
    session = client.session
    session["otp_device_id"] = persistent_id
    session.save()
    response = client.get(f"/o/{org_a.id}/")
    assert response.status_code == 302 and "/mfa/" in response["Location"]


def test_a_revoked_membership_closes_the_company_at_once(client, alice, bob, org_a, org_b):
    login(client, bob)
    assert client.get(f"/o/{org_a.id}/").status_code == 200
    Membership.objects.filter(user=bob, organisation=org_a).update(active=False)
    assert client.get(f"/o/{org_a.id}/").status_code == 404
    add_member(bob, org_b, Role.MEMBER)
    assert client.get(f"/o/{org_b.id}/").status_code == 200


@pytest.mark.skipif(not on_postgres(), reason="prepared statements are PostgreSQL's")
def test_on_postgresql_the_statement_is_prepared_on_the_server(alice):
    loader = RowLoader(User, [("id", "=")])
    for _ in range(6):  # settings.py prepares after 5 runs
        assert loader.get(alice.pk) == alice
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "orgs_user" t0 WHERE t0."id" = $1' in statement for statement in prepared), prepared
