"""Forms of the systems map, vendors, skills self-assessment and training plan; querysets scoped to the company."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rashinban.landscape.choices import SKILL_LEVELS, DataKind, SkillArea
from rashinban.landscape.models import System, SystemLink, TrainingItem, Vendor
from rashinban.orgs.models import Organisation
from rashinban.orgs.tenancy import scoped

MAX_UPLOAD = 2 * 1024 * 1024


class _CompanyForm(forms.ModelForm):
    """A model form for one company's rows: names must be unique within the company."""

    def __init__(self, organisation: Organisation, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance.organisation = organisation

    def _unique_name(self, model: type[System] | type[Vendor]) -> str:
        name = self.cleaned_data["name"].strip()
        clash = scoped(model.objects.filter(name=name), self.organisation).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This company already has an entry with this name."))
        return name


class SystemForm(_CompanyForm):
    data_kinds = forms.MultipleChoiceField(
        label=_("Data it holds"), choices=DataKind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = System
        fields = ["name", "kind", "department", "vendor", "hosting", "data_kinds", "has_mfa", "has_backup", "operators"]

    def __init__(self, organisation: Organisation, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(organisation, *args, **kwargs)
        self.fields["vendor"].queryset = scoped(Vendor.objects.all(), organisation)  # type: ignore[attr-defined]
        self.fields["vendor"].empty_label = _("— none, or we run it ourselves —")  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        return self._unique_name(System)


class LinkForm(_CompanyForm):
    data_kinds = forms.MultipleChoiceField(
        label=_("Data that passes"), choices=DataKind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = SystemLink
        fields = ["source", "target", "method", "frequency", "hours_per_month", "data_kinds"]
        widgets = {"hours_per_month": forms.NumberInput(attrs={"min": "0", "step": "0.5"})}

    def __init__(self, organisation: Organisation, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(organisation, *args, **kwargs)
        for name in ("source", "target"):
            self.fields[name].queryset = scoped(System.objects.all(), organisation)  # type: ignore[attr-defined]

    def clean_hours_per_month(self):  # type: ignore[no-untyped-def]
        hours = self.cleaned_data["hours_per_month"]
        if hours is not None and hours < 0:
            raise forms.ValidationError(_("Enter zero or more hours."))
        return hours

    def clean(self) -> dict:
        data = super().clean() or {}
        source, target, method = data.get("source"), data.get("target"), data.get("method")
        if source and target and source == target:
            self.add_error("target", _("A link goes to another system."))
        elif source and target and method:
            same = scoped(SystemLink.objects.filter(source=source, target=target, method=method), self.organisation)
            if same.exclude(pk=self.instance.pk).exists():
                self.add_error("method", _("This link is already on the map."))
        return data


class VendorForm(_CompanyForm):
    class Meta:
        model = Vendor
        fields = ["name", "services", "returns_data", "returns_docs", "inside_can_operate", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean_name(self) -> str:
        return self._unique_name(Vendor)


SKILL_HELP = {
    SkillArea.BASIC_IT: _("PC and phone basics, files and folders, printers, Wi-Fi, updates."),
    SkillArea.CLOUD_TOOLS: _("Shared mail, calendars, chat, online documents and spreadsheets."),
    SkillArea.DATA_USE: _("Collecting figures, making a table or chart, deciding from numbers."),
    SkillArea.SECURITY: _("Strong passwords and MFA, spotting phishing mail, reporting incidents."),
    SkillArea.IMPROVEMENT: _("Spotting waste in a task and changing how it is done, with tools or without."),
    SkillArea.OWNERSHIP: _("Setting up a business system, adding users, changing settings, talking to its vendor."),
}


class SkillsForm(forms.Form):
    """A person rates themselves 0–4 in each area, and names their department."""

    department = forms.CharField(label=_("Your department"), max_length=60)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for area, label in SkillArea.choices:
            self.fields[area] = forms.TypedChoiceField(
                label=label,
                help_text=SKILL_HELP[SkillArea(area)],
                choices=SKILL_LEVELS,
                coerce=int,
                widget=forms.RadioSelect,
            )

    def area_fields(self) -> list[forms.BoundField]:
        return [self[area] for area in SkillArea.values]

    def scores(self) -> dict[str, int]:
        return {area: self.cleaned_data[area] for area in SkillArea.values}


class TrainingForm(forms.ModelForm):
    class Meta:
        model = TrainingItem
        fields = ["title", "area", "audience", "planned_on", "done_on", "note"]
        widgets = {
            "planned_on": forms.DateInput(attrs={"type": "date"}),
            "done_on": forms.DateInput(attrs={"type": "date"}),
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Inventory file"), help_text=_("Excel (.xlsx) with the sheets of an export, or one CSV table.")
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload
