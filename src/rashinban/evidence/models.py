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


class Service(models.TextChoices):
    MICROSOFT365 = "microsoft365", "Microsoft 365"
    GOOGLE_WORKSPACE = "google-workspace", "Google Workspace"


class SourceConnection(models.Model):
    """A company's Microsoft 365 or Google Workspace, read by the worker on a schedule (docs/evidence.md).

    `secret` is the app's client secret or the service account's key, encrypted with `rashinban.crypto`
    (purpose EVIDENCE_SOURCE_SECRET); it is never shown back, exported or logged.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="source_connections")
    service = models.CharField(max_length=20, choices=Service.choices)
    tenant = models.CharField(max_length=200)  # Entra tenant id, or Google customer id ("my_customer")
    client_id = models.CharField(max_length=320, blank=True, default="")  # app id, or the service account's address
    admin_email = models.CharField(max_length=320, blank=True, default="")  # Google: the admin it acts for
    secret = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_collected_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")
    last_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["service"]
        constraints = [models.UniqueConstraint(fields=["organisation", "service"], name="one_connection_per_service")]

    def __str__(self) -> str:
        return f"{self.service} {self.tenant}"


class EvidenceValidity(models.Model):
    """A company's own validity period for one kind of evidence (the defaults are in `evidence/freshness.py`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="evidence_validity")
    check_name = models.CharField(max_length=40)
    days = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "check_name"], name="one_validity_per_check")]

    def __str__(self) -> str:
        return f"{self.check_name}: {self.days} days"
