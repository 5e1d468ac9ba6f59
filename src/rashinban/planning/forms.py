"""Forms of the plan pages; querysets of choices are always limited to the company's own rows."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban.assessments.actions import DEFAULT_CATALOG
from rashinban.assessments.catalog import get_catalog, localized
from rashinban.orgs.models import Organisation
from rashinban.orgs.tenancy import scoped
from rashinban.planning.models import (
    Benefit,
    Cost,
    Cycle,
    Decision,
    Initiative,
    NorthStar,
    Review,
    RoadmapItem,
    Subsidy,
    Target,
    TargetKind,
)
from rashinban.planning.starters import starters

DATE = forms.DateInput(attrs={"type": "date"})


class NorthStarForm(forms.ModelForm):
    class Meta:
        model = NorthStar
        fields = ["vision", "strategy"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 3}), "strategy": forms.Textarea(attrs={"rows": 4})}


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = [
            "kind",
            "name",
            "unit",
            "kgi",
            "direction",
            "frequency",
            "baseline",
            "baseline_on",
            "target",
            "target_on",
        ]
        widgets = {"baseline_on": DATE, "target_on": DATE}

    def __init__(self, organisation: Organisation, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        kgis = scoped(Target.objects.filter(kind=TargetKind.KGI), organisation)
        if self.instance.pk:
            kgis = kgis.exclude(pk=self.instance.pk)
        self.fields["kgi"].queryset = kgis  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("baseline_on") and data.get("target_on") and data["target_on"] <= data["baseline_on"]:
            self.add_error("target_on", _("The target date must come after the baseline date."))
        if data.get("kind") == TargetKind.KGI and data.get("kgi"):
            self.add_error("kgi", _("A KGI does not support another KGI; leave this empty."))
        return data


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    value = forms.FloatField(label=_("Value"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean_measured_on(self):  # type: ignore[no-untyped-def]
        day = self.cleaned_data["measured_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date lies in the future."))
        return day


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"), help_text=_("Columns: kpi, date, value, note (optional)."))

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("%(name)s is larger than 2 MB.") % {"name": upload.name})
        return upload.name, upload.read()


def finding_choices(lang: str) -> list[tuple[str, str]]:
    return [(s.id, localized(s.title, lang)) for s in get_catalog(DEFAULT_CATALOG).sections]


class InitiativeForm(forms.ModelForm):
    kpis = forms.ModelMultipleChoiceField(
        label=_("KPIs it should move"),
        queryset=Target.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    findings = forms.MultipleChoiceField(
        label=_("Diagnosis findings it answers"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Initiative
        fields = ["title", "description", "stage", "starts_on", "horizon_months", "discount_rate", "findings"]
        widgets = {"starts_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, organisation: Organisation, lang: str, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["kpis"].queryset = scoped(Target.objects.all(), organisation)  # type: ignore[attr-defined]
        self.fields["findings"].choices = finding_choices(lang)  # type: ignore[attr-defined]
        self.fields["horizon_months"].help_text = _("Months over which costs and benefits are counted.")
        self.fields["discount_rate"].help_text = _("0.03 means 3 percent a year; used for the NPV.")
        if self.instance.pk:
            self.initial["kpis"] = list(self.instance.kpis.values_list("pk", flat=True))

    def clean_horizon_months(self) -> int:
        months = self.cleaned_data["horizon_months"]
        if months > 120:
            raise forms.ValidationError(_("At most 120 months."))
        return months


class StarterForm(forms.Form):
    starter = forms.ChoiceField(label=_("Template"), widget=forms.RadioSelect)

    def __init__(self, lang: str, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["starter"].choices = [(s.id, s.title.get(lang)) for s in starters().values()]  # type: ignore[attr-defined]


class CostForm(forms.ModelForm):
    class Meta:
        model = Cost
        fields = ["label", "recurrence", "amount", "hours", "hourly_rate", "start_month"]


class BenefitForm(forms.ModelForm):
    class Meta:
        model = Benefit
        fields = ["label", "kind", "quantity", "unit_value", "start_month", "target"]

    def __init__(self, organisation: Organisation, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = scoped(Target.objects.all(), organisation)  # type: ignore[attr-defined]
        self.fields["unit_value"].help_text = _(
            "Hours: cost of one hour in yen. Revenue: margin as a fraction (0.3 = 30 %). Avoided costs: leave 0."
        )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("kind") == "revenue" and data.get("unit_value") is not None and data["unit_value"] > 1:
            self.add_error("unit_value", _("Enter the margin as a fraction: 0.3 means 30 %."))
        if data.get("quantity") is not None and data["quantity"] < 0:
            self.add_error("quantity", _("Enter 0 or more."))
        return data


class SubsidyForm(forms.ModelForm):
    class Meta:
        model = Subsidy
        fields = ["name", "amount", "decision_on", "expected_on", "status"]
        widgets = {"expected_on": DATE, "decision_on": DATE}


CRITERIA = 3


class GateForm(forms.Form):
    decide_by = forms.DateField(label=_("Decision date"), widget=DATE)

    def __init__(self, organisation: Organisation, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        targets = scoped(Target.objects.all(), organisation)
        for i in range(1, CRITERIA + 1):
            self.fields[f"kpi_{i}"] = forms.ModelChoiceField(
                label=_("KPI %(n)s") % {"n": i}, queryset=targets, required=i == 1
            )
            self.fields[f"threshold_{i}"] = forms.FloatField(
                label=_("reaches (at least, or at most when lower is better)"), required=i == 1
            )

    def clean(self) -> dict:
        data = super().clean() or {}
        for i in range(1, CRITERIA + 1):
            if (data.get(f"kpi_{i}") is None) != (data.get(f"threshold_{i}") is None):
                self.add_error(f"threshold_{i}", _("Give both the KPI and its threshold, or neither."))
        return data

    def criteria(self) -> list[tuple[Target, float]]:
        return [
            (self.cleaned_data[f"kpi_{i}"], self.cleaned_data[f"threshold_{i}"])
            for i in range(1, CRITERIA + 1)
            if self.cleaned_data.get(f"kpi_{i}") is not None
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    notes = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["plan_text", "do_text", "check_text", "act_text", "decision"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3}) for name in ["plan_text", "do_text", "check_text", "act_text"]
        }


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["held_on", "notes", "decisions"]
        widgets = {
            "held_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }


class RoadmapItemForm(forms.ModelForm):
    class Meta:
        model = RoadmapItem
        fields = ["title", "detail", "phase", "starts_on", "due_on", "effort", "done"]
        widgets = {"starts_on": DATE, "due_on": DATE, "detail": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("due_on") and data["due_on"] < data["starts_on"]:
            self.add_error("due_on", _("The due date must not come before the start."))
        effort = data.get("effort")
        if effort is not None and not 1 <= effort <= 5:
            self.add_error("effort", _("Effort is 1 (small) to 5 (large)."))
        return data
