"""An uploaded customer questionnaire, kept between the review of the drafts and the download."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from rashinban.orgs.models import Organisation

KEEP = 10  # uploads kept per company; older ones are removed when a new one arrives


class Upload(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="questionnaire_uploads")
    name = models.CharField(max_length=255)
    data = models.BinaryField()
    sheet = models.CharField(max_length=100, blank=True, default="")
    question_column = models.CharField(max_length=3, blank=True, default="")
    answer_column = models.CharField(max_length=3, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
