"""The owner assigns lessons to everyone or a department; people take theirs; progress per department."""

from __future__ import annotations

import re
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
    page = response.content.decode()
    assert 'id="quiz-result"' in page
    # Every answer, right or wrong, is followed by its explanation.
    assert 'id="explain-q1"' in page and 'id="explain-q2"' in page
    assert "表示名は誰でも自由に付けられます" in page
    assignment.refresh_from_db()
    # Half right is a failed quiz (pass mark 80 %): the lesson stays open.
    assert assignment.completed_at is None and assignment.score_percent == 50 and assignment.attempts == 1
    client.post(f"/o/{org_a.id}/training/{assignment.pk}/", {"q1": "b", "q2": "b"})
    assignment.refresh_from_db()
    assert assignment.completed_at is not None and assignment.score_percent == 100 and assignment.attempts == 2


def test_every_answer_wrong_does_not_complete_the_lesson_nor_the_advisors_figure(client, org_a, alice, bob, carol):
    from rashinban.advisors.portfolio import portfolio

    assignment, _created = assign_lesson(org_a, bob, "targeted-mail", None, by=alice)
    login(client, bob)
    client.post(f"/o/{org_a.id}/training/{assignment.pk}/", {"q1": "a", "q2": "a"})
    assignment.refresh_from_db()
    assert assignment.completed_at is None and assignment.score_percent == 0 and assignment.attempts == 1
    row = next(r for r in portfolio(carol, date.today()) if r.organisation.id == org_a.id)
    assert row.lesson_completion == 0
    client.post(f"/o/{org_a.id}/training/{assignment.pk}/", {"q1": "b", "q2": "b"})
    row = next(r for r in portfolio(carol, date.today()) if r.organisation.id == org_a.id)
    assert row.lesson_completion == 100


def test_quiz_draft_survives_leaving_the_page(client, org_a, alice, bob):
    assignment, _created = assign_lesson(org_a, bob, "targeted-mail", None, by=alice)
    login(client, bob)
    url = f"/o/{org_a.id}/training/{assignment.pk}/"
    response = client.post(url, {"q1": "b", "save_draft": "1"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="draft-restored"' in page
    assert re.search(r'<input type="radio" name="q1" value="b"[^>]*checked', page)
    assert 'href="#q-q2"' in page  # "continue where you left": the first question still open
    assignment.refresh_from_db()
    assert assignment.attempts == 0 and assignment.completed_at is None


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
