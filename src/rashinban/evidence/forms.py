"""The web form of a check, built from its `fields` in the registry, and its translation into a CheckInput."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rashinban.evidence.registry import Check, CheckInput, Column, Field, Upload

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
    if spec.kind == "choice":
        choices = [(value, gettext(label)) for value, label in spec.choices]
        return forms.ChoiceField(choices=choices, initial=spec.initial or None, **common)
    if spec.kind == "multi":
        choices = [(value, gettext(label)) for value, label in spec.choices]
        initial = [v for v in spec.initial.split(",") if v]
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, initial=initial, **{**common, "required": False}
        )
    return forms.CharField(max_length=500, initial=spec.initial, **common)


YES_NO = (("", "—"), ("はい", _("Yes")), ("いいえ", _("No")))


def _cell_field(column: Column, label: str) -> forms.Field:
    """One cell of a table row; blank is "not known" (never "no"), as in the Excel template."""
    common: dict[str, Any] = {"label": label, "required": False}
    if column.kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if column.kind == "number":
        return forms.IntegerField(min_value=0, max_value=1_000_000, **common)
    if column.kind == "yesno":
        return forms.ChoiceField(choices=YES_NO, **common)
    if column.kind == "choice":
        return forms.ChoiceField(choices=[("", "—"), *[(v, gettext(t)) for v, t in column.choices]], **common)
    return forms.CharField(max_length=200, **common)


@dataclass
class TableRow:
    number: int
    cells: list[forms.BoundField]

    @property
    def filled(self) -> bool:
        return any(cell.value() not in (None, "") or cell.errors for cell in self.cells)


def _cell_name(spec: Field, row: int, column: Column) -> str:
    return f"{spec.name}-{row}-{column.name}"


class CheckForm(forms.Form):
    def __init__(self, check: Check, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check = check
        for spec in check.fields:
            if spec.kind == "table":
                for row in range(1, spec.rows + 1):
                    for column in spec.columns:
                        self.fields[_cell_name(spec, row, column)] = _cell_field(column, gettext(column.label))
            else:
                self.fields[spec.name] = _form_field(spec)

    def table(self, name: str) -> dict[str, Any]:
        """What the template shows of a table field: its column labels and one line of cells per row."""
        spec = next(s for s in self.check.fields if s.name == name)
        rows = [
            TableRow(row, [self[_cell_name(spec, row, c)] for c in spec.columns]) for row in range(1, spec.rows + 1)
        ]
        return {"spec": spec, "labels": [gettext(c.label) for c in spec.columns], "rows": rows}

    def tables(self) -> list[dict[str, Any]]:
        return [self.table(s.name) for s in self.check.fields if s.kind == "table"]

    def plain_fields(self) -> list[forms.BoundField]:
        names = {s.name for s in self.check.fields if s.kind != "table"}
        return [self[name] for name in self.fields if name in names]

    def _table_grid(self, spec: Field) -> tuple[tuple[str, ...], ...] | None:
        """The header the reader knows, then the rows the person filled in (blank rows left out)."""
        lines = []
        for row in range(1, spec.rows + 1):
            cells = []
            for column in spec.columns:
                value = self.cleaned_data.get(_cell_name(spec, row, column))
                cells.append(
                    value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
                )
            lines.append(tuple(cells))
        if not any(any(c.strip() for c in cells) for cells in lines):
            return None
        return (tuple(c.header for c in spec.columns), *lines)

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
            elif spec.kind == "multi":
                inputs.values[spec.name] = ",".join(value or [])
            elif spec.kind != "table" and value not in (None, ""):
                inputs.values[spec.name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        for spec in self.check.fields:  # a file chosen wins over rows typed in
            if spec.kind == "table" and not inputs.files.get(spec.into):
                grid = self._table_grid(spec)
                if grid is not None:
                    inputs.files[spec.into] = [Upload(gettext("the form"), b"", grid=grid)]
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
        if any(s.kind == "table" for s in self.check.fields):
            return gettext("the form")
        return next(
            (
                str(self.cleaned_data[s.name])
                for s in self.check.fields
                if s.kind == "text" and self.cleaned_data.get(s.name)
            ),
            "",
        )
