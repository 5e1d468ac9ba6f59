"""The systems inventory (システム台帳), links between systems, vendors, skills self-assessments and training plan.

Every row carries its organisation; pages read them through `orgs.tenancy`. The analysis itself is in
`analysis.py` and works on plain data (`summary.py` turns these rows into it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban.landscape.choices import DataKind, Frequency, Hosting, LinkMethod, SkillArea, SystemKind
from rashinban.orgs.models import Organisation


class Vendor(models.Model):
    """An outside company that builds or runs systems for us (ベンダー・委託先)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="vendors")
    name = models.CharField(_("vendor name"), max_length=120)
    services = models.CharField(_("what they do for us"), max_length=300, blank=True)
    returns_data = models.BooleanField(
        _("the contract gives our data back"),
        default=False,
        help_text=_("In a format we can use elsewhere, when we end the contract or ask for it."),
    )
    returns_docs = models.BooleanField(
        _("we have the manuals and settings"),
        default=False,
        help_text=_("Operating procedures and configuration are delivered to us and kept inside."),
    )
    inside_can_operate = models.BooleanField(
        _("someone inside has learned to run it"),
        default=False,
        help_text=_("Without calling the vendor: daily operation, small changes, first checks when it fails."),
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="landscape_one_vendor_name")]

    def __str__(self) -> str:
        return self.name


class System(models.Model):
    """A system or service the company uses: an app, a cloud service, a shared spreadsheet or a paper ledger."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="systems")
    name = models.CharField(_("system name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=SystemKind.choices, default=SystemKind.OTHER)
    department = models.CharField(_("department"), max_length=60, help_text=_("The team that mainly uses it."))
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.SET_NULL, related_name="systems", verbose_name=_("vendor")
    )
    hosting = models.CharField(_("where it runs"), max_length=10, choices=Hosting.choices, default=Hosting.CLOUD)
    data_kinds = models.JSONField(_("data it holds"), default=list, blank=True)
    has_mfa = models.BooleanField(_("sign-in needs a second factor (MFA)"), default=False)
    has_backup = models.BooleanField(_("backed up regularly"), default=False)
    operators = models.CharField(
        _("who inside can run and change it"),
        max_length=300,
        blank=True,
        help_text=_("Names, separated by commas. Leave empty when only the vendor can."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["department", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="landscape_one_system_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def operator_names(self) -> list[str]:
        return split_names(self.operators)

    def data_kind_labels(self) -> list[str]:
        labels = dict(DataKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.data_kinds]


def split_names(text: str) -> list[str]:
    """Names typed with commas (either width), Japanese commas or line breaks."""
    for separator in ("、", "，", "\n", ";"):
        text = text.replace(separator, ",")
    return [name.strip() for name in text.split(",") if name.strip()]


class SystemLink(models.Model):
    """Data passing from one system to another, and how: by API, by file, or typed in again by hand."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="system_links")
    source = models.ForeignKey(System, on_delete=models.CASCADE, related_name="outgoing", verbose_name=_("from"))
    target = models.ForeignKey(System, on_delete=models.CASCADE, related_name="incoming", verbose_name=_("to"))
    method = models.CharField(_("method"), max_length=10, choices=LinkMethod.choices, default=LinkMethod.MANUAL)
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    hours_per_month = models.DecimalField(
        _("hours per month spent on it"),
        max_digits=6,
        decimal_places=1,
        default=0,
        help_text=_("Time people spend re-keying or moving files for this link, all people together."),
    )
    data_kinds = models.JSONField(_("data that passes"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source__name", "target__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "method"], name="landscape_one_link_per_method"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="landscape_link_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class MemberProfile(models.Model):
    """A person's department in one company (部署); kept here so that `orgs` stays as it is."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="member_profiles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profiles")
    department = models.CharField(_("department"), max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="landscape_one_profile")]


class SkillAssessment(models.Model):
    """A person's own rating of their skills (0–4 per area); the latest one counts."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="skill_assessments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_assessments")
    scores = models.JSONField(default=dict)  # {SkillArea code: 0..4}
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="landscape_one_assessment")]


class TrainingItem(models.Model):
    """One line of the training plan (研修計画): what, for whom, by when, and when it was done."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="training_items")
    title = models.CharField(_("training"), max_length=200)
    area = models.CharField(_("skill"), max_length=20, choices=SkillArea.choices, blank=True)
    audience = models.CharField(_("for whom"), max_length=120, blank=True, help_text=_("A department or names."))
    planned_on = models.DateField(_("planned date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["planned_on", "id"]

    def __str__(self) -> str:
        return self.title
