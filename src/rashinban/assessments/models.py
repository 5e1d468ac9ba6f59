"""Diagnoses (診断), the anonymous staff survey, and question banks a company imported itself."""

from __future__ import annotations

import secrets
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban.orgs.models import Organisation, User, hash_token


class CustomCatalog(models.Model):
    """A question bank an organisation imported (same YAML format as the built-in ones)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="catalogs")
    catalog_id = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    source = models.TextField()
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "catalog_id", "version"], name="one_catalog_version")
        ]
        ordering = ["catalog_id", "-version"]


class Diagnosis(models.Model):
    """One round of a diagnosis: management's answers plus the anonymous staff responses."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="diagnoses")
    catalog_id = models.CharField(max_length=64)
    catalog_version = models.PositiveIntegerField()
    custom_catalog = models.ForeignKey(CustomCatalog, null=True, blank=True, on_delete=models.PROTECT)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    management_answers = models.JSONField(default=dict, blank=True)
    # Cached so that lists and dashboards need no re-scoring: {"overall": int, "sections": {id: int}}.
    management_scores = models.JSONField(default=dict, blank=True)
    staff_scores = models.JSONField(default=dict, blank=True)
    staff_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-created_at"]),
            # The latest completed round per company, read from the index alone ("companies like yours").
            models.Index(
                fields=["organisation", "-completed_at", "-id"],
                include=["catalog_id", "custom_catalog"],
                name="diagnosis_latest_round",
            ),
        ]
        verbose_name_plural = "diagnoses"

    @property
    def overall(self) -> int | None:
        return self.management_scores.get("overall")


class SurveyLink(models.Model):
    """A single-use link for one staff member. Responses are not linked back to it (anonymity)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="survey_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)
    # The date the invitation asks for an answer by (shown on the survey page); a later answer still counts.
    answer_by = models.DateField(null=True, blank=True)

    @classmethod
    def issue(cls, diagnosis: Diagnosis, count: int, answer_by: date | None = None) -> list[str]:
        raw = [secrets.token_urlsafe(18) for _ in range(count)]
        cls.objects.bulk_create(
            cls(
                organisation=diagnosis.organisation,
                diagnosis=diagnosis,
                token_hash=hash_token(token),
                answer_by=answer_by,
            )
            for token in raw
        )
        return raw


class StaffResponse(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="staff_responses")
    answers = models.JSONField(default=dict)
    # Day only: an exact time could tell the owner who answered.
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("staff response")


class AnswerDraft(models.Model):
    """Answers given so far on a questionnaire not sent yet: one per person and questionnaire, gone once sent.

    `form` names the questionnaire ("diagnosis:12", "lesson:5"). A signed-in person's draft is theirs alone
    (`user`); the anonymous staff survey keeps its draft on the person's own single-use link (`link`), deleted
    with the link's answer, so no draft outlives the answer nor names who answered."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey(SurveyLink, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    form = models.CharField(max_length=40)
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    raises_org_version = False  # saved on every answer; no cached page shows a draft (orgs/versions.py)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "form"], condition=models.Q(user__isnull=False), name="one_draft_per_person"
            ),
            models.UniqueConstraint(
                fields=["link", "form"], condition=models.Q(link__isnull=False), name="one_draft_per_link"
            ),
        ]


class Milestone(models.Model):
    """The first time a company reached a step of its first hour that leaves no other trace (the owner's report
    opened), and the first time the whole checklist was found done: the checklist in templates/orgs/_first_hour.html
    reads them (assessments/first_hour.py). The other steps are read from their data."""

    REPORT = "report"
    FIRST_HOUR = "first-hour"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=30)
    reached_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="one_milestone_per_name")]

    @classmethod
    def reach(cls, organisation: Organisation, name: str) -> None:
        cls.objects.get_or_create(organisation=organisation, name=name)
