"""Every change to training goes through these functions: the views, the drills and the worker call them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from rashinban.orgs.models import Membership, Organisation, User
from rashinban.orgs.tenancy import scoped
from rashinban.training.bank import builtin_bank
from rashinban.training.departments import departments_of
from rashinban.training.models import Assignment, Reason
from rashinban.training.quiz import QuizResult, score_quiz


class UnknownLesson(ValueError):
    pass


def _check_lesson(lesson_id: str) -> None:
    if builtin_bank().get(lesson_id) is None:
        raise UnknownLesson(lesson_id)


def assign_lesson(
    organisation: Organisation,
    user: User,
    lesson_id: str,
    due: date | None,
    *,
    by: User | None = None,
    reason: str = Reason.OWNER,
) -> tuple[Assignment, bool]:
    """Give `user` the lesson unless they already have it open (then only an earlier due date is kept).

    Two requests assigning the same lesson at once (a drill's click beacon and its button) make one assignment:
    the database allows one open assignment per person and lesson, and the loser takes the winner's."""
    _check_lesson(lesson_id)
    open_ones = scoped(Assignment.objects.all(), organisation).filter(
        user=user, lesson_id=lesson_id, completed_at__isnull=True
    )
    open_one = open_ones.first()
    if open_one is None:
        try:
            with transaction.atomic():
                created = Assignment.objects.create(
                    organisation=organisation, user=user, lesson_id=lesson_id, due_date=due, assigned_by=by,
                    reason=reason,
                )  # fmt: skip
            return created, True
        except IntegrityError:
            open_one = open_ones.get()
    if due and (open_one.due_date is None or due < open_one.due_date):
        open_one.due_date = due
        open_one.save(update_fields=["due_date"])
    return open_one, False


def members_in(organisation: Organisation, department: str = "") -> list[User]:
    """Active people of the company (every role but advisors), or those of one department."""
    users = [
        m.user
        for m in scoped(Membership.objects.select_related("user"), organisation).filter(active=True)
        if m.role != "advisor"
    ]
    if not department:
        return users
    departments = departments_of(organisation)
    return [u for u in users if departments.get(u.pk) == department]


@transaction.atomic
def assign_to_group(
    organisation: Organisation, lesson_id: str, due: date | None, *, department: str = "", by: User | None = None
) -> int:
    """Assign a lesson to everyone (or a department); returns how many new assignments were made."""
    _check_lesson(lesson_id)
    return sum(
        assign_lesson(organisation, user, lesson_id, due, by=by)[1] for user in members_in(organisation, department)
    )


def hand_in_quiz(assignment: Assignment, answers: Mapping[str, str]) -> QuizResult:
    """Score the quiz; the lesson is complete from the first hand-in that passes, the best score is kept.

    A failed quiz leaves the lesson open (and overdue once its date passes): the person reads the explanations
    and tries again. Completion figures (training progress, advisors' portfolio) count completed lessons only."""
    lesson = builtin_bank().get(assignment.lesson_id)
    if lesson is None:
        raise UnknownLesson(assignment.lesson_id)
    result = score_quiz(lesson, answers)
    assignment.attempts += 1
    assignment.score_percent = max(assignment.score_percent or 0, result.percent)
    if result.passed:
        assignment.completed_at = assignment.completed_at or timezone.now()
    assignment.save(update_fields=["attempts", "score_percent", "completed_at"])
    return result
