"""North star, KGI/KPI and their measurements, initiatives (施策) with money, PoC gates, PDCA cycles,
management reviews and the roadmap. Every row carries its organisation (tenancy)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rashinban.orgs.models import Organisation, User


class Direction(models.TextChoices):
    UP = "up", _("higher is better")
    DOWN = "down", _("lower is better")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    YEARLY = "yearly", _("yearly")


class TargetKind(models.TextChoices):
    KGI = "kgi", _("KGI (business result)")
    KPI = "kpi", _("KPI (leading indicator)")


class Stage(models.TextChoices):
    IDEA = "idea", _("idea")
    POC = "poc", _("PoC")
    ROLLOUT = "rollout", _("rollout")
    STANDARD = "standard", _("standard work")
    STOPPED = "stopped", _("stopped")


def calendar_uid() -> models.UUIDField:
    """The id of a row's calendar event: random once, then carried by export-org and import-org, so a calendar
    that subscribed to the roadmap sees the same event after a move (a database id changes). Not unique in the
    database: a company imported twice into one installation keeps its events' ids in both copies."""
    return models.UUIDField(default=uuid.uuid4, editable=False)


class Decision(models.TextChoices):
    EXPAND = "expand", _("expand")
    ADJUST = "adjust", _("adjust")
    STOP = "stop", _("stop")


class NorthStar(models.Model):
    """The vision (北極星) and the strategy in a few sentences; one per company."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="north_star")
    vision = models.TextField(_("vision"))
    strategy = models.TextField(_("strategy"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class Target(models.Model):
    """A KGI (business result) or a KPI (leading indicator) with its baseline and target."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("kind"), max_length=3, choices=TargetKind.choices, default=TargetKind.KPI)
    name = models.CharField(pgettext_lazy("KGI or KPI", "name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("e.g. hours/month, yen, customers, %"))
    kgi = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpis",
        limit_choices_to={"kind": TargetKind.KGI},
        verbose_name=_("KGI it supports"),
    )
    baseline = models.FloatField(_("baseline"))
    baseline_on = models.DateField(_("baseline date"))
    target = models.FloatField(_("target"))
    target_on = models.DateField(_("target date"))
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.UP)
    frequency = models.CharField(_("measured"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    # The last status the owner was mailed about, so the same alert is never sent twice.
    alerted_status = models.CharField(max_length=12, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "name", "id"]
        indexes = [models.Index(fields=["organisation", "kind"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    @property
    def higher_is_better(self) -> bool:
        return self.direction == Direction.UP


class Measurement(models.Model):
    """One value of a KGI/KPI on a day; entering the same day again replaces it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("date"))
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measured_on", "id"]
        constraints = [models.UniqueConstraint(fields=["target", "measured_on"], name="one_value_per_day")]


class Initiative(models.Model):
    """A small start (施策): what is tried, which KPIs it should move and which findings it answers."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.IDEA)
    starts_on = models.DateField(_("start"), default=timezone.localdate)
    horizon_months = models.PositiveSmallIntegerField(_("horizon (months)"), default=36)
    discount_rate = models.DecimalField(_("discount rate per year"), max_digits=5, decimal_places=4, default=0.03)
    findings = models.JSONField(_("diagnosis findings it answers"), default=list, blank=True)
    starter = models.CharField(max_length=40, blank=True)
    kpis = models.ManyToManyField(Target, through="InitiativeKpi", blank=True, related_name="initiatives")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class InitiativeKpi(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE)
    target = models.ForeignKey(Target, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["initiative", "target"], name="one_link_per_kpi")]


class Recurrence(models.TextChoices):
    ONCE = "once", _("once")
    MONTHLY = "monthly", _("every month")
    YEARLY = "yearly", _("every year")


class Cost(models.Model):
    """Money out: paid to others and/or internal hours at an hourly rate."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="costs")
    label = models.CharField(_("what"), max_length=120)
    recurrence = models.CharField(_("when"), max_length=8, choices=Recurrence.choices, default=Recurrence.ONCE)
    amount = models.PositiveBigIntegerField(_("amount (yen)"), default=0)
    hours = models.DecimalField(_("internal hours"), max_digits=8, decimal_places=1, default=0)
    hourly_rate = models.PositiveIntegerField(_("hourly rate (yen)"), default=0)
    start_month = models.PositiveSmallIntegerField(_("from month"), default=0)


class BenefitKind(models.TextChoices):
    HOURS = "hours", _("hours saved × hourly cost")
    REVENUE = "revenue", _("added revenue × margin")
    AVOIDED = "avoided", _("costs avoided (yen)")


class Benefit(models.Model):
    """Money in, expected per month; linked to a KPI, the actual benefit follows its measurements."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="benefits")
    label = models.CharField(_("what"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=BenefitKind.choices, default=BenefitKind.HOURS)
    quantity = models.DecimalField(_("per month"), max_digits=14, decimal_places=2)
    unit_value = models.DecimalField(_("yen per hour / margin"), max_digits=12, decimal_places=4, default=0)
    start_month = models.PositiveSmallIntegerField(_("from month"), default=1)
    target = models.ForeignKey(
        Target,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("KPI that measures it"),
    )


class SubsidyStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    APPLIED = "applied", _("applied")
    GRANTED = "granted", _("granted")
    RECEIVED = "received", _("received")


class Subsidy(models.Model):
    """Public support (e.g. IT導入補助金) that reduces the net cost, with the date it is expected."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="subsidies")
    name = models.CharField(pgettext_lazy("subsidy", "name"), max_length=120)
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    # The grant decision (交付決定): one-off costs may be ordered and paid only after it (planning/subsidies.py).
    decision_on = models.DateField(_("grant decision (交付決定) expected on"), null=True, blank=True)
    expected_on = models.DateField(_("expected on"))
    status = models.CharField(_("status"), max_length=10, choices=SubsidyStatus.choices, default=SubsidyStatus.PLANNED)
    uid = calendar_uid()

    class Meta:
        verbose_name_plural = "subsidies"


class Gate(models.Model):
    """A PoC gate: success criteria as KPI thresholds, a decision date, and the decision with its evidence."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="gates")
    decide_by = models.DateField(_("decision date"))
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(_("reasons"), blank=True)
    # The measurements at the time of the decision: [{"kpi", "unit", "threshold", "value", "on", "met"}].
    evidence = models.JSONField(default=list, blank=True)
    uid = calendar_uid()

    class Meta:
        ordering = ["decide_by", "id"]
        indexes = [models.Index(fields=["organisation", "decision", "decide_by"])]


class Criterion(models.Model):
    """Success criterion of a gate: the KPI reaches the threshold (at least, or at most for lower-is-better)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="criteria")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+", verbose_name=_("KPI"))
    threshold = models.FloatField(_("threshold"))


class Cycle(models.Model):
    """One PDCA cycle of an initiative; the next one starts from this one's act."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveSmallIntegerField()
    plan_text = models.TextField(_("plan"), blank=True)
    do_text = models.TextField(_("do"), blank=True)
    check_text = models.TextField(_("check"), blank=True)
    act_text = models.TextField(_("act"), blank=True)
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    started_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    evidence = models.JSONField(default=list, blank=True)  # the measurements of the cycle when it was closed

    class Meta:
        ordering = ["initiative", "number"]
        constraints = [models.UniqueConstraint(fields=["initiative", "number"], name="one_cycle_number")]


class Review(models.Model):
    """A management review that was held: its notes, decisions and what the page showed then."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    held_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]


class Source(models.TextChoices):
    DIAGNOSIS = "diagnosis", _("DX diagnosis")
    SECURITY = "security", _("security self-check")
    MANUAL = "manual", _("added by hand")


class Phase(models.IntegerChoices):
    QUICK = 1, _("0–3 months (quick wins)")
    MID = 2, _("3–12 months")
    LONG = 3, _("12–36 months")


class RoadmapItem(models.Model):
    """One line of the roadmap. Generated lines keep their `key`; a line someone edited keeps its edits."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    key = models.CharField(max_length=80, blank=True)
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices, default=Phase.QUICK)
    starts_on = models.DateField(_("start"))
    due_on = models.DateField(_("due"))
    effort = models.PositiveSmallIntegerField(_("effort (1–5)"), default=2)
    risk_reduction = models.PositiveSmallIntegerField(_("risk reduction (0–100)"), default=0)
    rank = models.PositiveIntegerField(default=0)
    edited = models.BooleanField(default=False)
    done = models.BooleanField(_("done"), default=False)
    uid = calendar_uid()

    class Meta:
        ordering = ["phase", "rank", "id"]
        indexes = [models.Index(fields=["organisation", "key"])]
