"""Drill mails leave through the company's own SMTP server (MailSettings), never the product's."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.html import escape, urlize

from rashinban import crypto
from rashinban.drills.lures import RenderedMail
from rashinban.drills.models import MailSettings, Security

SMTP_TIMEOUT = 20


def connection_for(mail_settings: MailSettings) -> BaseEmailBackend:
    return get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        host=mail_settings.host,
        port=mail_settings.port,
        username=mail_settings.username or None,
        password=crypto.decrypt(mail_settings.password_encrypted, crypto.DRILLS_SMTP_PASSWORD) or None,
        use_tls=mail_settings.security == Security.STARTTLS,
        use_ssl=mail_settings.security == Security.TLS,
        timeout=SMTP_TIMEOUT,
        fail_silently=False,
    )


def build_message(
    mail: RenderedMail, *, sender: str, to: str, drill_id: int, pixel_url: str = ""
) -> EmailMultiAlternatives:
    """Plain text, plus an HTML part carrying the open pixel when the drill counts opens."""
    message = EmailMultiAlternatives(mail.subject, mail.body, sender, [to])
    # Lets the company's mail administrator recognise (and allow) drill mails.
    message.extra_headers["X-Rashinban-Drill"] = str(drill_id)
    if pixel_url:
        html = urlize(escape(mail.body)).replace("\n", "<br>\n")
        message.attach_alternative(f'<div>{html}</div><img src="{pixel_url}" width="1" height="1" alt="">', "text/html")
    return message
