"""The owner assigns lessons to everyone or a department; people take theirs; progress per department."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from rashinban.landscape.models import MemberProfile
from rashinban.orgs.choices import Role
from rashinban.training.actions import assign_lesson
from rashinban.training.models import Assignment
from tests.conftest import add_member, login, make_user

pytestmark = pytest.mark.django_db


def due_in(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_owner_assigns_a_lesson_to_everyone(as_alice, org_a, bob, carol):
    response = as_alice.post(f"/o/{org_a.id}/training/assign/", {"lesson": "fake-login", "due_date": due_in(7)})
    assert response.status_code == 302
    people = set(Assignment.objects.filter(organisation=org_a).values_list("user__email", flat=True))
    assert people == {"alice@a.example", "bob@a.example"}  # advisors are outside the company


def test_assigning_twice_keeps_one_open_assignment(as_alice, org_a, bob):
    for _ in range(2):
        as_alice.post(f"/o/{org_a.id}/training/assign/", {"lesson": "updates", "due_date": due_in(7)})
    assert Assignment.objects.filter(user=bob, lesson_id="updates").count() == 1


def test_owner_assigns_to_one_department(as_alice, org_a, bob):
    dan = make_user("dan@a.example", "Dan")
    add_member(dan, org_a, Role.MEMBER)
    MemberProfile.objects.create(organisation=org_a, user=bob, department="経理")
    MemberProfile.objects.create(organisation=org_a, user=dan, department="営業")
    as_alice.post(f"/o/{org_a.id}/training/assign/", {"lesson": "backups", "department": "経理", "due_date": due_in(3)})
    assert list(Assignment.objects.values_list("user__email", flat=True)) == ["bob@a.example"]


def test_bad_due_date_is_a_clear_message_not_an_error(as_alice, org_a):
    response = as_alice.post(f"/o/{org_a.id}/training/assign/", {"lesson": "backups", "due_date": "tomorrow"})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode() or "error" in response.content.decode()
    assert not Assignment.objects.exists()


def test_member_cannot_assign(client, org_a, bob):
    response = login(client, bob).post(f"/o/{org_a.id}/training/assign/", {"lesson": "backups", "due_date": due_in(3)})
    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_member_sees_takes_and_completes_a_lesson(client, org_a, alice, bob):
    assignment, created = assign_lesson(org_a, bob, "targeted-mail", date.today() + timedelta(days=5), by=alice)
    assert created
    login(client, bob)
    home = client.get(f"/o/{org_a.id}/training/").content.decode()
    assert f"/o/{org_a.id}/training/{assignment.pk}/" in home
    page = client.get(f"/o/{org_a.id}/training/{assignment.pk}/").content.decode()
    assert "標的型メールを見分ける" in page
    response = client.post(f"/o/{org_a.id}/training/{assignment.pk}/", {"q1": "b", "q2": "a"})
    assert 'id="quiz-result"' in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.completed_at is not None and assignment.score_percent == 50 and assignment.attempts == 1
    client.post(f"/o/{org_a.id}/training/{assignment.pk}/", {"q1": "b", "q2": "b"})
    assignment.refresh_from_db()
    assert assignment.score_percent == 100 and assignment.attempts == 2


def test_nobody_else_opens_my_lesson(client, org_a, alice, bob, mallory):
    assignment, _ = assign_lesson(org_a, bob, "updates", None)
    assert login(client, alice).get(f"/o/{org_a.id}/training/{assignment.pk}/").status_code == 404
    client.logout()
    assert login(client, mallory).get(f"/o/{org_a.id}/training/{assignment.pk}/").status_code == 404


def test_owner_sees_overdue_people_by_department(as_alice, org_a, alice, bob):
    MemberProfile.objects.create(organisation=org_a, user=bob, department="製造")
    assign_lesson(org_a, bob, "updates", date.today() - timedelta(days=2))
    page = as_alice.get(f"/o/{org_a.id}/training/").content.decode()
    assert "製造" in page and "Bob" in page


def test_advisor_sees_counts_not_names(client, org_a, carol, bob):
    assign_lesson(org_a, bob, "updates", date.today() - timedelta(days=2))
    page = login(client, carol).get(f"/o/{org_a.id}/training/").content.decode()
    assert 'id="progress"' in page and "Bob" not in page
