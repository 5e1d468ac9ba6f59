"""One open assignment per person and lesson, even when two requests assign it at the same time."""

from __future__ import annotations

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from rashinban.training.actions import assign_lesson
from rashinban.training.models import Assignment
from tests.concurrency import at_once
from tests.conftest import on_postgres

LESSON = "fake-login"


def test_a_second_open_assignment_of_the_same_lesson_is_refused_by_the_database(db, org_a, bob):
    Assignment.objects.create(organisation=org_a, user=bob, lesson_id=LESSON)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(organisation=org_a, user=bob, lesson_id=LESSON)


def test_assigning_again_keeps_one_and_the_earlier_due_date(db, org_a, bob):
    first, created = assign_lesson(org_a, bob, LESSON, date(2026, 12, 20))
    again, created_again = assign_lesson(org_a, bob, LESSON, date(2026, 12, 10))
    assert created and not created_again and again.pk == first.pk
    assert Assignment.objects.get(user=bob).due_date == date(2026, 12, 10)


def test_a_completed_lesson_can_be_assigned_again(db, org_a, bob):
    first, _ = assign_lesson(org_a, bob, LESSON, None)
    Assignment.objects.filter(pk=first.pk).update(completed_at="2026-11-01T00:00:00Z")
    second, created = assign_lesson(org_a, bob, LESSON, None)
    assert created and second.pk != first.pk


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not on_postgres(), reason="SQLite serialises writers; the race needs PostgreSQL's concurrency")
def test_two_requests_at_once_make_one_assignment(org_a, bob):
    results, errors = at_once(lambda: assign_lesson(org_a, bob, LESSON, None), threads=2)
    assert not errors
    assert Assignment.objects.filter(user=bob).count() == 1
    assert sorted(created for _a, created in results) == [False, True]


@pytest.mark.django_db(transaction=True)  # the schema editor cannot run inside the test's transaction on SQLite
def test_the_migration_merges_duplicates_left_by_the_old_race(org_a, bob):
    migration = import_module("rashinban.training.migrations.0002_one_open_assignment")
    with connection.schema_editor() as editor:
        editor.remove_constraint(Assignment, Assignment._meta.constraints[0])
    try:
        Assignment.objects.create(organisation=org_a, user=bob, lesson_id=LESSON, due_date=date(2026, 12, 20))
        Assignment.objects.create(
            organisation=org_a, user=bob, lesson_id=LESSON, due_date=date(2026, 12, 5), attempts=2
        )
        migration.merge_duplicates(apps, None)
        kept = Assignment.objects.get(user=bob)
        assert (kept.due_date, kept.attempts) == (date(2026, 12, 5), 2)
    finally:
        with connection.schema_editor() as editor:
            editor.add_constraint(Assignment, Assignment._meta.constraints[0])
