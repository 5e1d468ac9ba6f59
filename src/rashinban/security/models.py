"""The security action plan (対策計画): one item per weak answer of the self-check or DX pattern 7."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban.assessments.models import Diagnosis
from rashinban.orgs.models import Organisation, User


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Status(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("In progress")
    DONE = "done", _("Done")


class ActionItem(models.Model):
    """One thing to do about one weak answer; kept across regenerations by (source catalog, source question)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="security_actions")
    source_catalog = models.CharField(max_length=64)
    source_question = models.CharField(max_length=40)
    # The round whose answer last confirmed this item was needed.
    diagnosis = models.ForeignKey(Diagnosis, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    step = models.PositiveSmallIntegerField()
    threats = models.JSONField(default=list, blank=True)
    risk = models.PositiveIntegerField(default=0)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    # Blank means "the bank's instruction in the reader's language"; a person's own wording replaces it.
    instruction = models.TextField(blank=True)
    owner = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.TODO)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source_catalog", "source_question"], name="one_action_per_question"
            )
        ]
        indexes = [models.Index(fields=["organisation", "status", "due"])]
        ordering = ["-risk", "id"]

    def __str__(self) -> str:
        return f"{self.source_catalog}:{self.source_question}"

    @property
    def is_done(self) -> bool:
        return self.status == Status.DONE

    def is_overdue(self, today: date) -> bool:
        return not self.is_done and self.due is not None and self.due < today


class ActionComment(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="comments")
    # None for notes the product writes itself (e.g. "reopened by the self-check of ...").
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]


class IpaSelfDiagnosis(models.Model):
    """The owner's record of having done IPA's own sheet 「5分でできる!情報セキュリティ自社診断」.

    SECURITY ACTION ★★ asks for IPA's sheet itself; our security self-check (自社チェック) is our own set of
    questions and only prepares for it. The company keeps the date and the score it got on IPA's sheet.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ipa_self_diagnoses")
    done_on = models.DateField()
    # IPA's sheet: 25 questions, 4/2/0/-1 points each, so -25..100.
    score = models.SmallIntegerField()
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-done_on", "-id"]

    def __str__(self) -> str:
        return f"{self.done_on}: {self.score}"
