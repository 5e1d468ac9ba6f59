"""Forms of the drill pages."""

from __future__ import annotations

import ipaddress

from django import forms
from django.utils.translation import gettext_lazy as _

from rashinban.drills.models import DrillTemplate, KnownScanner, MailSettings

LOCAL_DATETIME = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class DomainForm(forms.Form):
    domain = forms.CharField(
        label=_("Mail domain"),
        max_length=253,
        help_text=_("The part after @ in your staff's addresses, e.g. example.co.jp"),
    )


class MailSettingsForm(forms.ModelForm):
    password = forms.CharField(
        label=_("password"), required=False, strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Stored encrypted and never shown again; leave blank to keep the stored one."),
    )  # fmt: skip

    class Meta:
        model = MailSettings
        fields = ["host", "port", "security", "username", "retention_days"]


class TemplateForm(forms.ModelForm):
    signs_text = forms.CharField(
        label=_("Tell-tale signs (one per line)"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to a person who clicked, on the teaching page."),
    )  # fmt: skip

    class Meta:
        model = DrillTemplate
        fields = ["name", "sender_name", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        labels = {"name": _("Template name")}
        help_texts = {
            "body": _(
                "{{name}} is replaced by the person's name, {{company}} by the company's, {{link}} by the drill link (required)."
            )
        }

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["signs_text"].initial = "\n".join(self.instance.signs)

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if "{{link}}" not in body:
            raise forms.ValidationError(_("The body must contain {{link}}: that is where the drill link goes."))
        return body

    def save(self, commit: bool = True) -> DrillTemplate:
        self.instance.signs = [line.strip() for line in self.cleaned_data["signs_text"].splitlines() if line.strip()]
        return super().save(commit)


class DrillForm(forms.Form):
    name = forms.CharField(label=_("Drill name"), max_length=120)
    template = forms.ModelChoiceField(label=_("Template"), queryset=DrillTemplate.objects.none())
    from_address = forms.EmailField(
        label=_("Sender address"), help_text=_("An address your mail server may send from.")
    )
    window_start = forms.DateTimeField(
        label=_("Send from"), input_formats=LOCAL_DATETIME, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    window_end = forms.DateTimeField(
        label=_("Send until"),
        input_formats=LOCAL_DATETIME,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    rate_per_hour = forms.IntegerField(label=_("Mails per hour at most"), min_value=1, max_value=3600, initial=60)
    quiet_start = forms.TimeField(
        label=_("Quiet hours from"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    quiet_end = forms.TimeField(
        label=_("Quiet hours until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    open_pixel = forms.BooleanField(label=_("Count opened mails (an invisible image)"), required=False)
    excluded = forms.MultipleChoiceField(
        label=_("Leave out (on leave, closing the month's invoices, ...)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    addresses = forms.CharField(
        label=_("Only these addresses (optional, one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, templates, people, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["excluded"].choices = [(str(u.pk), f"{u} <{u.email}>") for u in people]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if bool(data.get("quiet_start")) != bool(data.get("quiet_end")):
            raise forms.ValidationError(_("Give both ends of the quiet hours, or neither."))
        return data


MAX_SCANNER_LINES = 50


class KnownScannerForm(forms.ModelForm):
    """A company's own scanner: networks in CIDR notation and User-Agent fragments, each line checked."""

    class Meta:
        model = KnownScanner
        fields = ["name", "networks", "user_agents", "note"]
        widgets = {"networks": forms.Textarea(attrs={"rows": 3}), "user_agents": forms.Textarea(attrs={"rows": 2})}

    def clean_networks(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["networks"].splitlines() if line.strip()]
        if len(lines) > MAX_SCANNER_LINES:
            raise forms.ValidationError(_("At most %(n)s lines.") % {"n": MAX_SCANNER_LINES})
        for number, line in enumerate(lines, start=1):
            try:
                ipaddress.ip_network(line, strict=False)
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(n)s: “%(text)s” is not a network such as 203.0.113.0/24 or 2001:db8::/32.")
                    % {"n": number, "text": line[:60]}
                ) from None
        return "\n".join(lines)

    def clean_user_agents(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["user_agents"].splitlines() if line.strip()]
        if len(lines) > MAX_SCANNER_LINES:
            raise forms.ValidationError(_("At most %(n)s lines.") % {"n": MAX_SCANNER_LINES})
        for number, line in enumerate(lines, start=1):
            if len(line) < 3 or len(line) > 200:
                raise forms.ValidationError(
                    _("Line %(n)s: a browser identifier needs 3 to 200 characters.") % {"n": number}
                )
        return "\n".join(lines)

    def clean(self) -> dict:  # type: ignore[type-arg]
        data = super().clean() or {}
        if not data.get("networks") and not data.get("user_agents") and not self.errors:
            raise forms.ValidationError(_("Give at least one network or one browser identifier."))
        return data
