from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rashinban.notify import outbound
from rashinban.notify.webhooks import EVENT_NAMES

LABELS = {
    "url": _("Webhook URL"),
    "token": _("API token"),
    "room_id": _("Room ID"),
    "client_id": _("Client ID"),
    "client_secret": _("Client secret"),
    "service_account": _("Service account"),
    "private_key": _("Private key (PEM)"),
    "bot_id": _("Bot ID"),
    "channel_id": _("Channel ID"),
}
HELP = {
    "slack": _("In Slack: Apps › Incoming Webhooks › Add to a channel, then copy the webhook URL."),
    "teams": _(
        "In Teams: the channel's … menu › Workflows › “Post to a channel when a webhook request is received”, "
        "then copy the URL."
    ),
    "chatwork": _(
        "In Chatwork: your name › Service integration › API token; the room ID is the number after rid in the room's address."
    ),
    "lineworks": _(
        "In the LINE WORKS Developer Console: an app with the bot scope and a service account, a bot added to "
        "the channel."
    ),
}


class ChannelForm(forms.Form):
    """The settings of one chat kind; every field is secret and never shown again."""

    def __init__(self, kind: str, fields: tuple[str, ...], *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in fields:
            widget = (
                forms.Textarea(attrs={"rows": 4}) if name == "private_key" else forms.PasswordInput(render_value=False)
            )
            if name in ("room_id", "bot_id", "channel_id", "client_id", "service_account"):
                widget = forms.TextInput()
            self.fields[name] = forms.CharField(label=LABELS[name], max_length=4000, widget=widget, strip=True)
        first = next(iter(self.fields.values()), None)
        if first is not None:
            first.help_text = HELP.get(kind, "")

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            outbound.check_url(url)
        except outbound.Refused as error:
            raise forms.ValidationError(str(error)) from None
        return url


class EndpointForm(forms.Form):
    url = forms.URLField(label=_("Receiver URL (https)"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=[(e, e) for e in EVENT_NAMES], widget=forms.CheckboxSelectMultiple
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            outbound.check_url(url)
        except outbound.Refused as error:
            raise forms.ValidationError(str(error)) from None
        return url


class QuietForm(forms.Form):
    quiet_from = forms.TimeField(label=_("Quiet from"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    quiet_until = forms.TimeField(label=_("until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    digest = forms.BooleanField(label=_("Gather my messages into one a day (8:00)"), required=False)
