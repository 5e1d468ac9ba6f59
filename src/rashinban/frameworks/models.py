"""What a company records about frameworks: requirements that do not apply to it, with the reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban.orgs.models import Organisation


class NotApplicable(models.Model):
    """A requirement the company marks as not applicable (適用外), with the reason a reviewer will read."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="framework_exemptions")
    framework_id = models.CharField(max_length=60)
    requirement_id = models.CharField(max_length=40)
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "framework_id", "requirement_id"], name="one_not_applicable_per_requirement"
            )
        ]


class Target(models.Model):
    """A framework (and level) the company aims for: its gaps become steps in the one ranking."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="framework_targets")
    framework_id = models.CharField(max_length=60)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "framework_id"], name="one_target_per_framework")
        ]


class PublicPage(models.Model):
    """The company's opt-in page for customers (セキュリティ対策の公開ページ): off until the owner turns it on.

    Reached by a secret link (an unguessable token, stored only as its SHA-256 hash, shown once when made) or,
    when the owner chooses, a public link by the company's short name. Both stop working when turned off;
    a new secret link makes the old one stop working.
    """

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="public_page")
    token_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    token_created_at = models.DateTimeField(null=True, blank=True)
    public = models.BooleanField(default=False)
    contact = models.EmailField(_("contact for security questions"), blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)


class OwnFramework(models.Model):
    """A framework a company or its advisor brought (a customer's own standard), as the YAML they uploaded."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="own_frameworks")
    framework_id = models.CharField(max_length=60)
    source = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "framework_id"], name="one_own_framework_per_id")
        ]
