"""The audit log: what an advisor did in a company, readable by its owner."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban.orgs.models import Organisation, User


class AuditEntry(models.Model):
    raises_org_version = False  # append-only, shown on no cached page (orgs/versions.py)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="audit_entries")
    user = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    email = models.CharField(max_length=150)  # kept when the account is deleted
    method = models.CharField(max_length=10)
    route = models.CharField(_("page"), max_length=100)  # URL name, e.g. "assessments:result"
    path = models.CharField(max_length=300)
    status_code = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"])]

    @property
    def changed(self) -> bool:
        return self.method not in ("GET", "HEAD", "OPTIONS")
