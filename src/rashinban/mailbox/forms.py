from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MailboxForm(forms.Form):
    host = forms.CharField(
        label=_("IMAP server"),
        max_length=200,
        help_text=_("For example imap.example.co.jp. Only IMAP over TLS (port 993) is used."),
    )
    port = forms.IntegerField(label=_("Port"), min_value=1, max_value=65535, initial=993)
    username = forms.CharField(label=_("User name"), max_length=200)
    password = forms.CharField(label=_("Password"), max_length=500, widget=forms.PasswordInput(render_value=False),
                               help_text=_("Stored encrypted and never shown again. Use an app password where the service offers one."))  # fmt: skip
    folder = forms.CharField(label=_("Folder"), max_length=100, initial="INBOX")
