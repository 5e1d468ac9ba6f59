"""Stored evidence: every check run of a company (the history is kept) and the mail domains it re-checks."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from rashinban.orgs.models import Organisation, User


class RunSource(models.TextChoices):
    WEB = "web", "web"
    SCHEDULE = "schedule", "schedule"
    CLI = "cli", "cli"


class CheckRun(models.Model):
    """One run of one check: its result JSON as the CLI prints it (`CheckResult.as_json()`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="check_runs")
    check_name = models.CharField(max_length=40)
    # What was checked when a check has several subjects (the mail domain); "" for uploads.
    subject = models.CharField(max_length=253, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=10, choices=RunSource.choices, default=RunSource.WEB)
    input_name = models.CharField(max_length=500, blank=True, default="")  # file names or the domain
    result = models.JSONField(default=dict)
    worst = models.CharField(max_length=10, blank=True, default="")  # worst severity, "" when no finding
    failed = models.BooleanField(default=False)  # any finding medium or worse
    finding_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "check_name", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.check_name} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def findings(self) -> list[dict[str, Any]]:
        return list(self.result.get("findings", []))


class MailDomain(models.Model):
    """A mail domain of the company, re-checked every week by the worker."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="mail_domains")
    domain = models.CharField(max_length=253)
    dkim_selectors = models.CharField(max_length=500, blank=True, default="")  # space-separated
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["domain"]
        constraints = [models.UniqueConstraint(fields=["organisation", "domain"], name="one_mail_domain_per_org")]

    def __str__(self) -> str:
        return self.domain

    @property
    def selectors(self) -> list[str]:
        return self.dkim_selectors.split()
