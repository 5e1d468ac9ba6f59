"""The web form of a check, built from its `fields` in the registry, and its translation into a CheckInput."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rashinban.evidence.registry import Check, CheckInput, Field, Upload

MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # a 100,000-row export is about 15 MB


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files in one input (several exports of one tenant)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if not items:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def _form_field(spec: Field) -> forms.Field:
    label, help_text = gettext(spec.label), gettext(spec.help) if spec.help else ""
    common: dict[str, Any] = {"label": label, "help_text": help_text, "required": spec.required}
    if spec.kind in ("file", "files"):
        attrs = {"accept": spec.accept} if spec.accept else {}
        if spec.kind == "files":
            return MultipleFileField(widget=MultipleFileInput(attrs=attrs), **common)
        return forms.FileField(widget=forms.ClearableFileInput(attrs=attrs), **common)
    if spec.kind == "textarea":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), initial=spec.initial, **common)
    if spec.kind == "password":
        return forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "off"}), strip=False, **common)
    if spec.kind == "number":
        return forms.IntegerField(min_value=0, initial=spec.initial or None, **common)
    if spec.kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    return forms.CharField(max_length=500, initial=spec.initial, **common)


class CheckForm(forms.Form):
    def __init__(self, check: Check, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check = check
        for spec in check.fields:
            self.fields[spec.name] = _form_field(spec)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for spec in self.check.fields:
            if spec.kind not in ("file", "files"):
                continue
            for upload in self._uploads(data.get(spec.name)):
                if upload.size > MAX_UPLOAD_BYTES:
                    self.add_error(spec.name, _("%(name)s is larger than 25 MB.") % {"name": upload.name})
        return data

    @staticmethod
    def _uploads(value: Any) -> list[Any]:
        if not value:
            return []
        return list(value) if isinstance(value, list) else [value]

    def to_input(self) -> CheckInput:
        inputs = CheckInput()
        for spec in self.check.fields:
            value = self.cleaned_data.get(spec.name)
            if spec.kind in ("file", "files"):
                inputs.files[spec.name] = [Upload(f.name, f.read()) for f in self._uploads(value)]
            elif value not in (None, ""):
                inputs.values[spec.name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return inputs

    def input_name(self) -> str:
        """What the history shows as the input: the file names, else the first value (a domain)."""
        names = [
            upload.name
            for spec in self.check.fields
            if spec.kind in ("file", "files")
            for upload in self._uploads(self.cleaned_data.get(spec.name))
        ]
        if names:
            return ", ".join(names)
        return next(
            (
                str(self.cleaned_data[s.name])
                for s in self.check.fields
                if s.kind == "text" and self.cleaned_data.get(s.name)
            ),
            "",
        )
