"""Forms of the security pages: editing a plan item and commenting on it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rashinban.orgs.models import Membership, Organisation, User
from rashinban.security.models import Priority, Status


class ActionItemForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Person in charge"), queryset=User.objects.none(), required=False)
    due = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    instruction = forms.CharField(
        label=_("What to do"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leave it as it is, or write it in your own words."),
    )

    def __init__(self, organisation: Organisation, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # Only people of this company can own an item: another company's user id is "not a valid choice".
        members = Membership.objects.filter(organisation=organisation, active=True).values("user_id")
        self.fields["owner"].queryset = User.objects.filter(pk__in=members).order_by("email")  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
