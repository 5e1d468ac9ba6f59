"""API tokens: one organisation each, a scope, shown once, stored as a SHA-256 hash, revocable.

A token acts for the owner who created it and dies with that person's standing: it works only while its
creator is an active account and an active owner of the token's organisation. Removing a co-owner, making an
owner a member, deactivating or deleting the account stops every token they made, on the next request
(a pen test found a removed co-owner's write token still working). docs/api.md says so.
"""

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
        from rashinban.orgs.choices import Role
        from rashinban.orgs.models import Membership

        creator_is_owner = Membership.objects.filter(
            user=models.OuterRef("created_by"),
            organisation=models.OuterRef("organisation"),
            role=Role.OWNER,
            active=True,
            user__is_active=True,
        )
        return (
            cls.objects.select_related("organisation")
            .filter(token_hash=hash_token(raw), revoked_at=None)
            .filter(models.Exists(creator_is_owner))
            .first()
        )
