"""Forms of the security documents: generate, edit a version, the contact sheet."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rashinban.documents.actions import BODY_MAX
from rashinban.documents.contacts import FIELD_MAX
from rashinban.documents.content import contact_roles
from rashinban.documents.models import DocumentKind


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    language = forms.ChoiceField(label=_("Language of the document"), choices=settings.LANGUAGES, initial="ja")


class EditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    subtitle = forms.CharField(label=_("Subtitle"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 30, "class": "markup"}),
        help_text=_(
            "One paragraph per line. “# ” heading, “## ” section, “- ” bullet, “1. ” numbered step, "
            "“| a | b |” table row, “! ” warning, “> ” note, “%% ” a note to yourself (never published or "
            "printed), “===” new page."
        ),
    )
    note = forms.CharField(label=_("What changed (optional)"), max_length=200, required=False)


class ContactsForm(forms.Form):
    """Two fields per role of the contact tree: a name and a phone number (or another way to reach them)."""

    def __init__(self, *args, language: str = "ja", **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.roles = []
        for role in contact_roles():
            label = role.label.pick(language)
            self.fields[f"{role.id}-name"] = forms.CharField(
                label=_("%(role)s: name") % {"role": label}, max_length=FIELD_MAX, required=False
            )
            self.fields[f"{role.id}-phone"] = forms.CharField(
                label=_("%(role)s: phone or how to reach") % {"role": label}, max_length=FIELD_MAX, required=False
            )
            self.roles.append((label, self[f"{role.id}-name"], self[f"{role.id}-phone"]))

    @classmethod
    def initial_from(cls, contacts: dict[str, dict[str, str]]) -> dict[str, str]:
        return {f"{role}-{field}": value for role, entry in contacts.items() for field, value in entry.items()}

    def contacts(self) -> dict[str, dict[str, str]]:
        return {
            role.id: {
                "name": self.cleaned_data.get(f"{role.id}-name", ""),
                "phone": self.cleaned_data.get(f"{role.id}-phone", ""),
            }
            for role in contact_roles()
        }
