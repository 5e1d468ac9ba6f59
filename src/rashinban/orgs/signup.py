"""Sign-up confirms the e-mail address before the account exists, and never says whether it is registered.

The form's answer is the same page for a new and a known address, and either way exactly one mail is queued:
to a new address a link that creates the company and the account, to a known one a note that an account
exists with a link to reset its password. Nothing is stored until the link is used: the link carries the
sign-up itself (names, language, the company profile and the password's Argon2 hash), encrypted with the
installation's key (rashinban/crypto.py), valid for a day; once the account exists, the same link only says so.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from rashinban import crypto
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, Organisation, User

PURPOSE = b"rashinban orgs sign-up v1"
VALID_SECONDS = 24 * 3600


class SignUpLinkError(Exception):
    """A confirmation link that cannot create anything; the message says why."""


def request_sign_up(user_fields: dict[str, Any], organisation_fields: dict[str, Any]) -> None:
    """Queue the one mail of a sign-up: the confirmation link, or "you already have an account"."""
    from rashinban.tasks.mail import queue_mail

    base_url = settings.BASE_URL
    email = user_fields["email"]
    if User.objects.filter(email=email).exists():
        context = {"reset": base_url + reverse("orgs:password_reset"), "login": base_url + reverse("orgs:login")}
        queue_mail(_("Rashinban: you already have an account"), render_to_string("orgs/mail/signup_known.txt", context),
                   [email])  # fmt: skip
        return
    payload = {
        "email": email,
        "display_name": user_fields["display_name"],
        "language": user_fields["language"],
        "password": make_password(user_fields["password1"]),
        "organisation": organisation_fields,
        "issued": int(time.time()),
    }
    token = crypto.encrypt(json.dumps(payload, ensure_ascii=False), PURPOSE)
    link = base_url + reverse("orgs:signup_confirm", kwargs={"token": token})
    queue_mail(_("Rashinban: confirm your e-mail address"), render_to_string("orgs/mail/signup_confirm.txt",
               {"link": link, "organisation": organisation_fields.get("name", "")}), [email])  # fmt: skip


def read_link(token: str) -> dict[str, Any]:
    plain = crypto.decrypt(token, PURPOSE) if len(token) < 4000 else None
    if not plain:
        raise SignUpLinkError(_("This link is not valid. Register again to get a new one."))
    payload = json.loads(plain)
    if time.time() - payload.get("issued", 0) > VALID_SECONDS:
        raise SignUpLinkError(_("This link is older than a day. Register again to get a new one."))
    return payload  # type: ignore[no-any-return]


@transaction.atomic
def confirm_sign_up(token: str) -> User:
    """Create the company and its owner from a confirmation link; SignUpLinkError when it cannot."""
    payload = read_link(token)
    if User.objects.select_for_update().filter(email=payload["email"]).exists():
        raise SignUpLinkError(_("This address has an account already: sign in, or reset the password."))
    user = User(username=payload["email"], email=payload["email"], display_name=payload["display_name"],
                language=payload["language"])  # fmt: skip
    user.password = payload["password"]  # the Argon2 hash made when the form was sent
    user.save()
    fields = {
        k: v for k, v in payload["organisation"].items() if k in {"name", "industry", "employee_band", "prefecture"}
    }
    organisation = Organisation.objects.create(**{"language": payload["language"], **fields})
    Membership.objects.create(user=user, organisation=organisation, role=Role.OWNER)
    return user
