"""What people did with the ranked steps, and how the company shares the work. The steps themselves are computed
by the ranking from the diagnoses, evidence, plan and documents; the last plan computed is kept (`KeptPlan`,
kept.py) until the company's data or day changes."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban.orgs.models import Organisation, User


class Status(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("In progress")
    DONE = "done", _("Done")


class StepState(models.Model):
    """The one stored date, person and status of a step (by its stable id, e.g. "security:basic-mfa")."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    step_id = models.CharField(max_length=120)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.TODO)
    # The plan's date once the plan was made, or the date a person chose (due_moved).
    due = models.DateField(_("due"), null=True, blank=True)
    due_moved = models.BooleanField(default=False)
    # The person for the step: chosen by a person (assignee_chosen), or the one the plan gave it when the plan was
    # stored with its dates (so the stored plan reads back as it was proposed); empty: the ranking shares it out.
    assignee = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assignee_chosen = models.BooleanField(default=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "step_id"], name="one_state_per_step")]

    def __str__(self) -> str:
        return self.step_id


class PlanSettings(models.Model):
    """How much a company can do: steps per person and week, and who shares the work."""

    DEFAULT = 2  # a few small steps a week besides the daily work

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="plan_settings")
    steps_per_week = models.PositiveSmallIntegerField(
        _("steps per person and week"),
        default=DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many small steps one person can take on in a week besides the daily work (1–10)."),
    )
    # False until an owner chose the staff who share the work (TeamMember); until then the first few do.
    team_chosen = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)


class TeamMember(models.Model):
    """A staff account that takes steps (owners and advisors always do)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_team_row_per_person")]


class KeptPlan(models.Model):
    """A company's plan as last computed, under the key of what it was computed from (nextsteps/kept.py)."""

    # Derived from the company's rows, never a change of them: keeping it must not raise the company's version.
    raises_org_version = False

    organisation = models.OneToOneField(Organisation, primary_key=True, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    plan = models.BinaryField()  # signed, compressed pickle of a nextsteps.plan.Plan
    made_at = models.DateTimeField()  # read for at most kept.KEPT_FOR after this
