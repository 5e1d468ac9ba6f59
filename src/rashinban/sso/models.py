"""Sign-in with Microsoft (Entra ID) or Google: which companies allow it, and whose accounts are linked."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from rashinban.orgs.models import Organisation, User


class Provider(models.TextChoices):
    MICROSOFT = "microsoft", "Microsoft"
    GOOGLE = "google", "Google"


class CompanySignIn(models.Model):
    """An owner allows sign-in with a provider for the company, restricted to the company's own tenant (Entra ID
    tenant id, the `tid` claim) or Google Workspace domain (the `hd` claim)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sign_in_providers")
    provider = models.CharField(max_length=20, choices=Provider.choices)
    allowed = models.CharField(max_length=253)  # tenant id or domain
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "provider"], name="one_sign_in_per_provider")]

    def __str__(self) -> str:
        return f"{self.provider}: {self.allowed}"


class LinkedIdentity(models.Model):
    """A person's account at a provider, linked by that person while signed in: (issuer, subject) is the identity,
    never the e-mail address, which a tenant's administrator can give anyone."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="linked_identities")
    provider = models.CharField(max_length=20, choices=Provider.choices)
    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=255)
    email = models.CharField(max_length=320, blank=True, default="")
    tenant = models.CharField(max_length=253, blank=True, default="")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_account_per_identity"),
            models.UniqueConstraint(fields=["user", "provider"], name="one_identity_per_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.email or self.subject}"
