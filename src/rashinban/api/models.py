"""API tokens: one organisation each, a scope, shown once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban.orgs.models import Organisation, User, hash_token

TOKEN_PREFIX = "rbk_"


class Scope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    # The first characters after the prefix, kept in clear so that a person can tell tokens apart.
    hint = models.CharField(max_length=8)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_PREFIX}{self.hint}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def issue(cls, organisation: Organisation, name: str, scope: str, by: User | None) -> tuple[ApiToken, str]:
        """Create a token; the raw value is returned once and never stored."""
        secret = secrets.token_urlsafe(32)
        raw = TOKEN_PREFIX + secret
        token = cls.objects.create(
            organisation=organisation,
            name=name,
            scope=scope,
            hint=secret[:8],
            token_hash=hash_token(raw),
            created_by=by,
        )
        return token, raw

    @classmethod
    def find(cls, raw: str) -> ApiToken | None:
        if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
            return None
        return cls.objects.select_related("organisation").filter(token_hash=hash_token(raw), revoked_at=None).first()
