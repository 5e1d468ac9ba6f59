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


# Ordered, limited and narrowed reads (the dashboard's, the security plan's): each against the queryset it replaced,
# on rows made to catch every difference: ties in the order, rounds never completed, other banks, another company.
def _rounds(org, other_org):
    from rashinban.assessments.models import Diagnosis
    from rashinban.security.plan import SELFCHECK

    base = timezone.now().replace(microsecond=0)
    made = []
    for i, (catalog, hours) in enumerate(
        [("dx", 5), ("dx", 5), ("dx", None), (SELFCHECK, 3), (SELFCHECK, 3), (SELFCHECK, None), ("dx", 1), ("own", 2)]
    ):
        completed = base - timedelta(hours=hours) if hours is not None else None
        made.append(
            Diagnosis.objects.create(
                organisation=org, catalog_id=catalog, catalog_version=1, completed_at=completed,
                management_scores={"overall": i}, staff_count=i,
            )
        )  # fmt: skip
    Diagnosis.objects.create(
        organisation=other_org, catalog_id=SELFCHECK, catalog_version=1, completed_at=base, management_scores={}
    )
    return made


def _same(loaded, expected) -> None:
    assert [d.pk for d in loaded] == [d.pk for d in expected]
    for mine, theirs in zip(loaded, expected, strict=True):
        assert mine.get_deferred_fields() == theirs.get_deferred_fields()
        read = {f.attname for f in type(mine)._meta.concrete_fields} - mine.get_deferred_fields()
        assert {name: getattr(mine, name) for name in read} == {name: getattr(theirs, name) for name in read}


def test_the_dashboards_newest_rounds_are_the_querysets(org_a, org_b):
    from rashinban.assessments.actions import SECURITY_CATALOG
    from rashinban.assessments.models import Diagnosis
    from rashinban.assessments.summary import _NEWEST_TWO, FIELDS

    _rounds(org_a, org_b)
    orm = (
        Diagnosis.objects.filter(organisation=org_a).exclude(catalog_id=SECURITY_CATALOG)
        .filter(completed_at__isnull=False).order_by("-completed_at", "-id").only(*FIELDS)[:2]
    )  # fmt: skip
    loaded = _NEWEST_TWO.rows(org_a.pk, SECURITY_CATALOG)
    _same(loaded, list(orm))
    assert [d.catalog_id for d in loaded] == ["dx", "own"]  # by hand: completed 1 h and 2 h ago
    assert "management_answers" in loaded[0].get_deferred_fields()
    assert _NEWEST_TWO.rows(10**9, SECURITY_CATALOG) == []


def test_the_newest_selfcheck_is_the_querysets_first(org_a, org_b):
    from rashinban.assessments.models import Diagnosis
    from rashinban.security import summary

    made = _rounds(org_a, org_b)
    rounds = summary.selfchecks(org_a).filter(completed_at__isnull=False).order_by("-completed_at", "-id")
    for only in [(), ("id", "completed_at", "management_scores")]:
        expected = (rounds.only(*only) if only else rounds).first()
        _same([summary.latest_selfcheck(org_a, only=only)], [expected])
    # By hand: the two self-checks completed at the same time; the higher id comes first, as "-id" orders.
    assert summary.latest_selfcheck(org_a).pk == made[4].pk
    Diagnosis.objects.filter(organisation=org_a, catalog_id=summary.SELFCHECK).exclude(completed_at=None).delete()
    assert summary.latest_selfcheck(org_a) is None  # the one never completed does not count


def test_the_failed_jobs_are_the_querysets(org_a, org_b):
    from rashinban.tasks.models import Job, JobStatus
    from rashinban.tasks.status import _FAILED, FAILURES_SHOWN

    now = timezone.now()
    for i in range(FAILURES_SHOWN + 3):
        Job.objects.create(
            name="mail", organisation=org_a, status=JobStatus.FAILED, kwargs={"n": i},
            finished_at=None if i == 0 else now - timedelta(minutes=i // 2),
        )  # fmt: skip
    Job.objects.create(name="mail", organisation=org_a, status=JobStatus.DONE, finished_at=now)
    Job.objects.create(name="mail", organisation=org_b, status=JobStatus.FAILED, finished_at=now)
    orm = Job.objects.filter(organisation=org_a, status=JobStatus.FAILED).order_by("-finished_at", "-id")
    loaded = _FAILED.rows(org_a.pk, JobStatus.FAILED)
    _same(loaded, list(orm[:FAILURES_SHOWN]))
    assert len(loaded) == FAILURES_SHOWN and {job.organisation_id for job in loaded} == {org_a.pk}


def test_the_first_hour_milestone_is_found_as_exists_finds_it(org_a, org_b):
    from rashinban.assessments.first_hour import _REACHED
    from rashinban.assessments.models import Milestone

    assert _REACHED.get(org_a.pk, Milestone.FIRST_HOUR) is None
    Milestone.reach(org_b, Milestone.FIRST_HOUR)
    assert _REACHED.get(org_a.pk, Milestone.FIRST_HOUR) is None
    Milestone.reach(org_a, Milestone.FIRST_HOUR)
    assert _REACHED.get(org_a.pk, Milestone.FIRST_HOUR) is not None
    assert Milestone.objects.filter(organisation=org_a, name=Milestone.FIRST_HOUR).exists()


def test_a_loader_refuses_what_it_cannot_write():
    with pytest.raises(ValueError, match="comparison"):
        RowLoader(User, [("id", "LIKE")])
    with pytest.raises(ValueError, match="related"):
        RowLoader(Membership, [("user", "=")], related="organisation", fields=("role",))


def test_the_result_pages_round_is_select_relateds_with_or_without_who_answered(alice, org_a, org_b):
    from rashinban.assessments.models import Diagnosis
    from rashinban.assessments.views import _ROUND

    made = _rounds(org_a, org_b)
    Diagnosis.objects.filter(pk=made[0].pk).update(answered_by=alice)
    for diagnosis in (made[0], made[1]):  # answered by alice; by nobody (a LEFT JOIN, as select_related's)
        expected = Diagnosis.objects.select_related("answered_by").get(organisation=org_a, pk=diagnosis.pk)
        loaded = _ROUND.get(org_a.pk, diagnosis.pk)
        _same([loaded], [expected])
        with CaptureQueriesContext(connection) as queries:
            who = loaded.answered_by
        assert len(queries) == 0
        assert (who and fields(who)) == (expected.answered_by and fields(expected.answered_by))
    assert made[0].answered_by_id is None and _ROUND.get(org_a.pk, made[0].pk).answered_by == alice
    assert _ROUND.get(org_b.pk, made[0].pk) is None  # another company's round is not found


def test_the_result_pages_history_is_the_querysets(org_a, org_b):
    from rashinban.assessments.models import Diagnosis
    from rashinban.assessments.results import _HISTORY, history

    made = _rounds(org_a, org_b)
    orm = (
        Diagnosis.objects.filter(organisation_id=org_a.pk, catalog_id="dx", completed_at__isnull=False)
        .order_by("-completed_at", "-id").only("id", "completed_at", "management_scores")[:12]
    )  # fmt: skip
    _same(_HISTORY.rows(org_a.pk, "dx"), list(orm))
    # By hand: dx rounds completed 1 h, 5 h, 5 h ago (scores 6, 1, 0); the tie by the higher id first.
    rows = history(made[6])
    assert [(r["id"], r["overall"], r["change"], r["current"]) for r in rows] == [
        (made[6].pk, 6, 5, True), (made[1].pk, 1, 1, False), (made[0].pk, 0, None, False),
    ]  # fmt: skip


def test_the_reports_rounds_are_the_querysets_at_every_date(org_a, org_b):
    from rashinban.assessments.models import Diagnosis
    from rashinban.reports.gather import _latest_two
    from rashinban.security.plan import SELFCHECK

    made = _rounds(org_a, org_b)

    def orm(end, security):  # what the report read before (rashinban.reports.gather, 2026-12-06)
        rounds = Diagnosis.objects.filter(organisation=org_a, completed_at__lt=end)
        rounds = rounds.filter(catalog_id=SELFCHECK) if security else rounds.exclude(catalog_id=SELFCHECK)
        ordered = rounds.select_related("custom_catalog").order_by("-completed_at", "-id")
        latest = ordered.first()
        if latest is None:
            return None, None
        return latest, ordered.filter(catalog_id=latest.catalog_id, completed_at__lt=latest.completed_at).first()

    now = timezone.now()
    for hours in (0, 1.5, 2.5, 4, 6):
        end = now - timedelta(hours=hours)
        for security in (False, True):
            loaded, expected = _latest_two(org_a, end, security), orm(end, security)
            assert [d and d.pk for d in loaded] == [d and d.pk for d in expected], (hours, security)
            _same([d for d in loaded if d], [d for d in expected if d])
    # By hand, as of now: the DX round of 1 h ago and the dx round before it (5 h, the higher id of the tie); the
    # self-check of 3 h ago (the higher id) and none before it (its twin completed at the same moment, not before).
    assert [d.pk for d in _latest_two(org_a, now, security=False)] == [made[6].pk, made[1].pk]
    assert [d and d.pk for d in _latest_two(org_a, now, security=True)] == [made[4].pk, None]


def test_the_security_pages_rounds_are_the_querysets(org_a, org_b):
    from rashinban.security import summary

    made = _rounds(org_a, org_b)
    _same(summary.recent_selfchecks(org_a), list(summary.selfchecks(org_a)[:20]))
    # By hand: the three self-checks (created in that order, at nearly the same time), the newest first.
    assert {d.pk for d in summary.recent_selfchecks(org_a)} == {made[3].pk, made[4].pk, made[5].pk}
    assert len(summary.recent_selfchecks(org_b)) == 1


def test_the_drills_pages_reads_are_the_querysets(org_a, org_b):
    from rashinban.drills.models import Domain, Drill, DrillTemplate, MailSettings
    from rashinban.drills.views import _DRILLS, _MAIL_SERVER, _TEMPLATE, _VERIFIED_DOMAIN

    def setup_state():
        return [
            _VERIFIED_DOMAIN.get(org_a.pk) is not None, _MAIL_SERVER.get(org_a.pk) is not None,
            _TEMPLATE.get(org_a.pk) is not None,
        ]  # fmt: skip

    def orm_state():
        return [
            Domain.objects.filter(organisation=org_a, verified_at__isnull=False).exists(),
            MailSettings.objects.filter(organisation=org_a).exists(),
            DrillTemplate.objects.filter(organisation=org_a).exists(),
        ]

    now = timezone.now()
    for org in (org_b,):  # another company's set-up counts for nothing
        Domain.objects.create(organisation=org, domain="b.example", token="t", verified_at=now)
        MailSettings.objects.create(organisation=org, host="smtp.b.example")
        DrillTemplate.objects.create(organisation=org, lure_id="x", name="n", sender_name="s", subject="s", body="b",
                                     lesson_id="l")  # fmt: skip
    Domain.objects.create(organisation=org_a, domain="a.example", token="t")  # not verified yet
    assert setup_state() == orm_state() == [False, False, False]
    Domain.objects.filter(organisation=org_a).update(verified_at=now)
    MailSettings.objects.create(organisation=org_a, host="smtp.a.example")
    DrillTemplate.objects.create(organisation=org_a, lure_id="x", name="n", sender_name="s", subject="s", body="b",
                                 lesson_id="l")  # fmt: skip
    assert setup_state() == orm_state() == [True, True, True]

    for i in range(53):
        Drill.objects.create(
            organisation=org_a if i != 7 else org_b, name=f"d{i}", sender_name="x", from_address="x@a.example",
            subject="s", body="{{link}}", lesson_id="targeted-mail", window_start=now, window_end=now,
            created_at=now - timedelta(minutes=i // 3),
        )  # fmt: skip
    loaded = _DRILLS.rows(org_a.pk)
    _same(loaded, list(Drill.objects.filter(organisation=org_a)[:50]))
    assert len(loaded) == 50 and loaded[0].name == "d2"  # by hand: the newest three share a time; the last made first
