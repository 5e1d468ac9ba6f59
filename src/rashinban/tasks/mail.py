"""Mail leaves through the worker: a slow or refusing mail server never blocks or breaks a request."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext_lazy as _

from rashinban.orgs.models import Organisation
from rashinban.tasks.api import PermanentError, enqueue, task
from rashinban.tasks.models import Job


@task(name="mail.send", max_attempts=5, title=_("E-mail"))
def send_mail(subject: str, body: str, to: list[str], from_email: str = "") -> None:
    """Send one message; a permanent refusal (5xx) is not retried, a temporary one (4xx, no answer) is."""
    message = EmailMessage(subject, body, from_email or settings.DEFAULT_FROM_EMAIL, to)
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


def queue_mail(subject: str, body: str, to: list[str], organisation: Organisation | None = None) -> Job:
    """Send a mail in the background; a failure shows on the organisation's dashboard."""
    return enqueue(send_mail, organisation=organisation, subject=subject, body=body, to=list(to))
