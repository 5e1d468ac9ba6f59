"""Forms for signing up, signing in, the second factor, people and the company profile."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from rashinban.orgs.choices import Role
from rashinban.orgs.models import EMAIL_MAX_LENGTH, Organisation, User


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "industry", "employee_band", "prefecture"]

    def clean_name(self) -> str:
        # One line: the name goes into mail subjects, where a line break is refused (and could add headers).
        return " ".join(self.cleaned_data["name"].split())


class OrganisationSettingsForm(OrganisationForm):
    """The owner's settings page adds the short name used on the command line."""

    class Meta(OrganisationForm.Meta):
        fields = [
            *OrganisationForm.Meta.fields,
            "language",
            "slug",
            "share_anonymised",
            "mail_sender_name",
            "mail_reply_to",
        ]

    def clean_mail_sender_name(self) -> str:
        # One line, like the company name: it goes into the From header.
        return " ".join(self.cleaned_data.get("mail_sender_name", "").split())

    # Not a column of the company: the ranking of next steps keeps it (nextsteps.PlanSettings). Empty: unchanged.
    steps_per_week = forms.IntegerField(
        label=_("Steps per person and week"),
        min_value=1,
        max_value=10,
        required=False,
        help_text=_(
            "How many small steps one person can take on in a week besides the daily work (1–10). The due dates "
            "of the next steps follow from it, on every page, report and calendar."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False  # left empty: the current short name stays
        if self.instance.pk:
            from rashinban.nextsteps.models import PlanSettings

            stored = PlanSettings.objects.filter(organisation=self.instance).first()
            self.fields["steps_per_week"].initial = stored.steps_per_week if stored else PlanSettings.DEFAULT

    def save(self, commit: bool = True) -> Organisation:
        organisation = super().save(commit)
        per_week = self.cleaned_data.get("steps_per_week")
        if commit and per_week:
            from rashinban.nextsteps.actions import change_capacity

            change_capacity(organisation, per_week)
        return organisation

    def clean_slug(self) -> str:
        return (self.cleaned_data.get("slug") or "").lower() or self.instance.slug


class PasswordFields(forms.Form):
    display_name = forms.CharField(label=_("Your name"), max_length=100)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; a long passphrase from a password manager is best."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    email_for_validation = ""

    def clean(self) -> dict:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            probe = User(email=self.email_for_validation, display_name=data.get("display_name", ""))
            try:
                validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class SignUpForm(PasswordFields):
    email = forms.EmailField(
        label=_("E-mail address"), max_length=EMAIL_MAX_LENGTH, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="ja")
    field_order = ["email", "display_name", "password1", "password2", "language"]

    def clean_email(self) -> str:
        # No "already registered" error here: it would tell anyone which addresses have accounts
        # (orgs/signup.py answers both cases the same way, by mail).
        email = self.cleaned_data["email"].strip().lower()
        self.email_for_validation = email
        return email


class AcceptInvitationForm(PasswordFields):
    pass


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=EMAIL_MAX_LENGTH)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(Role.MEMBER, Role.MEMBER.label), (Role.ADVISOR, Role.ADVISOR.label), (Role.OWNER, Role.OWNER.label)],
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)
