"""Forms that connect a service: Microsoft 365 (an app registration's ids and secret) or Google Workspace (a service
account key file and the admin it acts for). The secret fields never render their value back."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from rashinban.evidence.connections import check_token_uri
from rashinban.evidence.sources import google_workspace
from rashinban.evidence.sources.http import SourceError
from rashinban.sso.claims import DOMAIN, GUID


class Microsoft365Form(forms.Form):
    tenant_id = forms.CharField(
        label=_("Directory (tenant) ID"),
        max_length=253,
        help_text=_("On the app's Overview page, or your domain such as example.onmicrosoft.com."),
    )
    client_id = forms.CharField(label=_("Application (client) ID"), max_length=36)
    client_secret = forms.CharField(
        label=_("Client secret (its Value)"),
        max_length=512,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted and never shown again."),
    )

    def clean_tenant_id(self) -> str:
        value = self.cleaned_data["tenant_id"].strip()
        if not (GUID.match(value) or DOMAIN.match(value)):
            raise forms.ValidationError(_("A tenant ID looks like 1b2c3d4e-0000-1111-2222-333344445555."))
        return value

    def clean_client_id(self) -> str:
        value = self.cleaned_data["client_id"].strip()
        if not GUID.match(value):
            raise forms.ValidationError(_("An application ID looks like 1b2c3d4e-0000-1111-2222-333344445555."))
        return value

    def connection_values(self) -> dict[str, Any]:
        return {
            "tenant": self.cleaned_data["tenant_id"],
            "client_id": self.cleaned_data["client_id"],
            "secret": self.cleaned_data["client_secret"].strip(),
        }


class GoogleWorkspaceForm(forms.Form):
    credentials = forms.FileField(
        label=_("Service account key (JSON)"),
        help_text=_("Stored encrypted and never shown again. Delete the downloaded file afterwards."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json"}),
    )
    admin_email = forms.EmailField(
        label=_("Administrator address"), help_text=_("An administrator of your Workspace the service acts for.")
    )
    customer = forms.CharField(
        label=_("Customer ID"), max_length=40, initial="my_customer", required=False,
        help_text=_("Leave “my_customer” unless you know you need another."),
    )  # fmt: skip

    def clean_credentials(self) -> google_workspace.ServiceAccount:
        upload = self.cleaned_data["credentials"]
        if upload.size > google_workspace.MAX_CREDENTIALS_BYTES:
            raise forms.ValidationError(_("This file is too large for a service account key."))
        try:
            account = google_workspace.read_credentials(upload.read())
            check_token_uri(account.token_uri)
        except google_workspace.CredentialsError as error:
            raise forms.ValidationError(f"{upload.name}: {error}") from None
        except SourceError as error:
            raise forms.ValidationError(f"{upload.name}: {error.message}") from None
        return account

    def clean_customer(self) -> str:
        value = (self.cleaned_data.get("customer") or "my_customer").strip()
        if not re.fullmatch(r"[A-Za-z0-9_]{1,40}", value):
            raise forms.ValidationError(_g("A customer ID has only letters, digits and “_”."))
        return value

    def connection_values(self) -> dict[str, Any]:
        account = self.cleaned_data["credentials"]
        return {
            "tenant": self.cleaned_data["customer"],
            "client_id": account.client_email,
            "admin_email": self.cleaned_data["admin_email"],
            "secret": google_workspace.credentials_json(account),
        }


FORMS = {"microsoft365": Microsoft365Form, "google-workspace": GoogleWorkspaceForm}
