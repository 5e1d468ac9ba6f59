"""The account lifecycle every user expects: a forgotten password reset by mail, the other sessions seen and
ended, a company left, the account deleted. Views are in `account_views.py`; this module holds the changes.

Sessions are not indexed by person (Django's table keys them by session key only), so listing or ending a
person's sessions reads the live ones; at sign-in we note in the session where and when it started, so the
list can tell them apart. Fine for one company's people; an operator with very many sessions would index them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, Organisation, User
from rashinban.orgs.throttle import client_ip

SESSION_ORIGIN = "rashinban_origin"  # {"since": ISO time, "agent": user agent, "address": client address}
RESET_LIMIT_PER_ADDRESS, RESET_LIMIT_PER_CLIENT, RESET_WINDOW = 3, 10, 3600


@receiver(user_logged_in)
def note_origin(sender: object, request: HttpRequest | None, user: User, **kwargs: object) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session[SESSION_ORIGIN] = {
        "since": timezone.now().isoformat(),
        "agent": request.META.get("HTTP_USER_AGENT", "")[:160],
        "address": client_ip(request),
    }


@dataclass(frozen=True)
class SessionInfo:
    key: str
    since: datetime | None
    agent: str
    address: str
    expires: datetime
    current: bool


def _sessions_of(user: User) -> list[tuple[Session, dict]]:
    live = Session.objects.filter(expire_date__gt=timezone.now()).iterator()
    found = []
    for session in live:
        data = session.get_decoded()
        if data.get(SESSION_KEY) == str(user.pk):
            found.append((session, data))
    return found


def sessions_of(user: User, current_key: str | None) -> list[SessionInfo]:
    """The person's live sessions, the current one first."""
    infos = []
    for session, data in _sessions_of(user):
        origin = data.get(SESSION_ORIGIN) or {}
        infos.append(
            SessionInfo(
                key=session.session_key,
                since=parse_datetime(origin["since"]) if origin.get("since") else None,
                agent=origin.get("agent", ""),
                address=origin.get("address", ""),
                expires=session.expire_date,
                current=session.session_key == current_key,
            )
        )
    return sorted(infos, key=lambda info: (not info.current, -(info.since.timestamp() if info.since else 0)))


def end_sessions(user: User, keep: str | None = None, only: str | None = None) -> int:
    """End the person's sessions: all but `keep`, or only the one with key `only`. Returns how many."""
    ended = [
        session.session_key
        for session, _data in _sessions_of(user)
        if session.session_key != keep and (only is None or session.session_key == only)
    ]
    Session.objects.filter(session_key__in=ended).delete()  # our engine reads the table on every request
    return len(ended)


def reset_allowed(email: str, request: HttpRequest) -> bool:
    """At most 3 reset mails an hour to one address and 10 from one client; beyond, nothing is sent (and the
    page says the same as always, so it reveals nothing)."""
    allowed = True
    for key, limit in (
        (f"reset-mail:{email.strip().lower()}", RESET_LIMIT_PER_ADDRESS),
        (f"reset-client:{client_ip(request)}", RESET_LIMIT_PER_CLIENT),
    ):
        cache.add(key, 0, timeout=RESET_WINDOW)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=RESET_WINDOW)
            count = 1
        allowed = allowed and count <= limit
    return allowed


def sole_owner_of(user: User) -> list[Organisation]:
    """Companies in which this person is the only active owner: leaving them would leave nobody in charge."""
    owned = Membership.objects.filter(user=user, role=Role.OWNER, active=True).select_related("organisation")
    return [
        m.organisation
        for m in owned
        if not Membership.objects.filter(organisation=m.organisation, role=Role.OWNER, active=True)
        .exclude(user=user)
        .exists()
    ]


def leave_company(membership: Membership) -> None:
    """The person leaves one company (its owner is told nothing new: the people page shows it)."""
    from rashinban.orgs.actions import revoke_membership

    revoke_membership(membership)  # refuses the last owner with a message


@transaction.atomic
def delete_account(user: User) -> None:
    """Delete a person's account. Refused while they are the only owner of a company: that company would be
    left with nobody who can manage, export or delete it; they make someone else owner or delete it first."""
    companies = sole_owner_of(user)
    if companies:
        raise ValidationError(
            _(
                "You are the only owner of %(companies)s. Make someone else an owner there, or delete the company, "
                "before you delete your account."
            )
            % {"companies": "、".join(c.name for c in companies)}
        )
    end_sessions(user)
    user.delete()  # memberships, devices and one's own rows go with it; API tokens stop (api.models)


# ---------------------------------------------------------------- changing the e-mail address

EMAIL_PURPOSE = b"rashinban orgs e-mail change v1"
EMAIL_LINK_SECONDS = 24 * 3600


def request_email_change(user: User, new_email: str) -> None:
    """Mail a confirmation link to the new address and a notice to the old one. When the new address has an
    account already, its owner is told instead, and the requester sees the same page either way."""
    import json
    import time

    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import reverse

    from rashinban import crypto
    from rashinban.tasks.mail import queue_mail

    new_email = new_email.strip().lower()
    context = {"old": user.email, "new": new_email, "reset": settings.BASE_URL + reverse("orgs:password_reset")}
    if User.objects.filter(email=new_email).exclude(pk=user.pk).exists():
        queue_mail(_("Rashinban: this address already has an account"),
                   render_to_string("orgs/mail/email_taken.txt", context), [new_email])  # fmt: skip
    else:
        token = crypto.encrypt(json.dumps({"user": user.pk, "old": user.email, "new": new_email,
                                           "issued": int(time.time())}), EMAIL_PURPOSE)  # fmt: skip
        link = settings.BASE_URL + reverse("orgs:email_confirm", kwargs={"token": token})
        queue_mail(_("Rashinban: confirm your new e-mail address"),
                   render_to_string("orgs/mail/email_confirm.txt", {**context, "link": link}), [new_email])  # fmt: skip
    queue_mail(_("Rashinban: a change of your e-mail address was asked for"),
               render_to_string("orgs/mail/email_notice.txt", context), [user.email])  # fmt: skip


@transaction.atomic
def confirm_email_change(token: str) -> User:
    """Apply a confirmed change; ValidationError when the link is invalid, old, used or the address taken."""
    import json
    import time

    from rashinban import crypto

    plain = crypto.decrypt(token, EMAIL_PURPOSE) if len(token) < 2000 else None
    payload = json.loads(plain) if plain else None
    if not payload or time.time() - payload.get("issued", 0) > EMAIL_LINK_SECONDS:
        raise ValidationError(_("This link does not work any more. Ask for the change again."))
    user = User.objects.select_for_update().filter(pk=payload["user"], email=payload["old"]).first()
    if user is None or User.objects.filter(email=payload["new"]).exists():
        raise ValidationError(_("This link does not work any more. Ask for the change again."))
    user.email = user.username = payload["new"]
    user.save(update_fields=["email", "username"])
    return user
