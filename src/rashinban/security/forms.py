"""Forms of the security pages: editing a plan item and commenting on it."""

from __future__ import annotations

from django import forms
from django.core import validators
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


class IpaSelfDiagnosisForm(forms.Form):
    """Date and score of IPA's own sheet, as the owner did it on IPA's site or on paper."""

    done_on = forms.DateField(label=_("Date you did IPA's sheet"), widget=forms.DateInput(attrs={"type": "date"}))
    score = forms.IntegerField(label=_("Score on IPA's sheet"))

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        from rashinban.facts import fact

        super().__init__(*args, **kwargs)
        sheet = fact("ipa-self-diagnosis").value
        self.full = int(sheet["full"])  # type: ignore[index]
        self.lowest = -int(sheet["questions"])  # type: ignore[index]  # every answer "don't know": -1 each
        self.fields["score"].min_value = self.lowest
        self.fields["score"].max_value = self.full
        self.fields["score"].widget.attrs.update({"min": self.lowest, "max": self.full})
        self.fields["score"].validators.extend(
            [validators.MinValueValidator(self.lowest), validators.MaxValueValidator(self.full)]
        )

    def clean_done_on(self):  # type: ignore[no-untyped-def]
        from django.utils import timezone

        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return done_on
