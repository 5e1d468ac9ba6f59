"""Mail leaves through the worker: a slow or refusing mail server never blocks or breaks a request."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext_lazy as _

from rashinban import crypto
from rashinban.orgs.models import Organisation
from rashinban.tasks.api import PermanentError, enqueue, task
from rashinban.tasks.models import Job


class MailUnreadable(PermanentError):
    """The sealed body opens with neither SECRET_KEY nor any of SECRET_KEY_FALLBACKS (tasks/status.py words it)."""


@task(name="mail.send", max_attempts=5, title=_("E-mail"))
def send_mail(
    subject: str,
    body: str = "",
    to: list[str] | None = None,
    from_email: str = "",
    sealed_body: str = "",
    reply_to: list[str] | None = None,
) -> None:
    """Send one message; a permanent refusal (5xx) is not retried, a temporary one (4xx, no answer) is.

    `queue_mail` passes the body sealed (`sealed_body`): bodies carry single-use links (invitations, surveys)
    whose tokens the database otherwise keeps only as hashes, and a queued job sits in the database and in Redis.
    `body` in clear is still read, for jobs queued before bodies were sealed."""
    if sealed_body:
        opened = crypto.decrypt(sealed_body, crypto.MAIL_BODY)
        if opened is None:
            raise MailUnreadable("sealed with a SECRET_KEY this server no longer has")
        body = opened
    message = EmailMessage(
        subject, body, from_email or settings.DEFAULT_FROM_EMAIL, list(to or []), reply_to=list(reply_to or [])
    )
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        if all(code >= 500 for code, _reply in error.recipients.values()):
            raise PermanentError("recipient refused") from error
        raise
    except smtplib.SMTPResponseException as error:
        if error.smtp_code >= 500:
            raise PermanentError("message refused") from error
        raise


def queue_mail(
    subject: str,
    body: str,
    to: list[str],
    organisation: Organisation | None = None,
    sender: CompanySender | None = None,
) -> Job:
    """Send a mail in the background, its body sealed while it waits; a failure shows on the dashboard.

    `sender` (see `company_sender`) makes it come from the company instead of the installation."""
    extra: dict[str, object] = {}
    if sender is not None:
        extra = {"from_email": sender.from_email, "reply_to": list(sender.reply_to)}
    return enqueue(
        send_mail, organisation=organisation, subject=subject, sealed_body=crypto.encrypt(body, crypto.MAIL_BODY),
        to=list(to), **extra,
    )  # fmt: skip


@dataclass(frozen=True)
class CompanySender:
    from_email: str  # "A商事 総務部 <rashinban@example.com>": the company's name, the installation's address
    reply_to: tuple[str, ...]
    name: str


def company_sender(organisation: Organisation) -> CompanySender:
    """The From and Reply-To of a mail the company sends its own people, from its settings.

    The address stays the installation's own (DEFAULT_FROM_EMAIL), the one its SPF/DKIM/DMARC records vouch for:
    a mail "from" the company's own domain sent by this server would fail those checks and look forged. Only a
    domain the operator lists in MAIL_VERIFIED_DOMAINS (this server is allowed to send for it) is used as From."""
    name = organisation.mail_sender_name or organisation.name
    _installation_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    reply_to = organisation.mail_reply_to
    domain = reply_to.rpartition("@")[2].lower()
    if reply_to and domain in settings.MAIL_VERIFIED_DOMAINS:
        address = reply_to
    return CompanySender(
        from_email=str(Address(display_name=name, addr_spec=address)),  # quoted as needed; Django encodes it
        reply_to=(reply_to,) if reply_to else (),
        name=name,
    )
