"""Security documents (セキュリティ文書): versions of the generated text, contacts, staff acknowledgements."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban.orgs.models import Organisation, User


class DocumentKind(models.TextChoices):
    POLICY = "policy", _("Security policy and rules")
    PLAN = "plan", _("Incident first-response plan")
    CARD = "card", _("First 30 minutes card")


class ContactSheet(models.Model):
    """The names and numbers the incident plan and the card print; filled in by the company."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="contact_sheet")
    contacts = models.JSONField(default=dict, blank=True)  # {role: {"name": str, "phone": str}}
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class DocumentVersion(models.Model):
    """One saved text of a document. Versions are never changed, only added; one of them may be published."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="document_versions")
    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    number = models.PositiveIntegerField()
    language = models.CharField(max_length=5, default="ja")
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    generated = models.BooleanField(default=False)  # True: straight from the generator, False: edited by hand
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "number"], name="one_document_version_number")
        ]
        indexes = [models.Index(fields=["organisation", "kind", "-published_at"])]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class Acknowledgement(models.Model):
    """A person confirmed they have read a published version (既読確認)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="one_acknowledgement_per_person")]
