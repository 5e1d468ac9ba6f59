"""Lesson assignments (研修の割り当て): who must take which lesson by when, and how they did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban.orgs.models import Organisation


class Reason(models.TextChoices):
    OWNER = "owner", _("Assigned by the owner")
    DRILL = "drill", _("After a practice drill")


class Assignment(models.Model):
    """One person's lesson; completed when the quiz is passed (training.quiz.PASS_PERCENT), the best score kept."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="lesson_assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_assignments")
    lesson_id = models.CharField(max_length=40)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.OWNER)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["completed_at", "due_date", "id"]
        indexes = [
            models.Index(fields=["organisation", "user"], name="training_assignment_person"),
            models.Index(fields=["completed_at", "due_date"], name="training_assignment_due"),
        ]
        # One open assignment per person and lesson, even when two requests assign it at once (a drill's
        # click beacon and its 「続行」 button arrive together): training.actions.assign_lesson relies on it.
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "lesson_id"],
                condition=models.Q(completed_at__isnull=True),
                name="training_one_open_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id} → {self.user}"

    def is_overdue(self, today) -> bool:  # type: ignore[no-untyped-def]
        return self.completed_at is None and self.due_date is not None and self.due_date < today
