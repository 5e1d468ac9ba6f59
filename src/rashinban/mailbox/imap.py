"""Reading the shared mailbox over IMAP with TLS: each new message once (by UID), never changing the mailbox."""

from __future__ import annotations

import imaplib
import ssl
from email import message_from_bytes, policy

from django.conf import settings
from django.utils import timezone

from rashinban import crypto
from rashinban.mailbox.models import Mailbox
from rashinban.mailbox.reading import Outcome, read_message

MAX_MESSAGES = 500  # per run; the next run goes on from there
MAX_MESSAGE_BYTES = 25 * 1024 * 1024


class MailboxError(Exception):
    """Connecting, signing in or reading failed; the text is safe to show (no password in it)."""


def tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    if settings.MAILBOX_CA_FILE:  # a private CA (tests: the self-signed certificate of the local Dovecot)
        context.load_verify_locations(settings.MAILBOX_CA_FILE)
    return context


def connect(mailbox: Mailbox) -> imaplib.IMAP4_SSL:
    password = crypto.decrypt(mailbox.password, crypto.MAILBOX_SECRET)
    if password is None:
        raise MailboxError("the stored password cannot be read (SECRET_KEY changed); enter it again")
    try:
        imap = imaplib.IMAP4_SSL(mailbox.host, mailbox.port, ssl_context=tls_context(), timeout=30)
    except ssl.SSLError as error:
        raise MailboxError(f"TLS: {error.reason or error}") from None
    except (TimeoutError, OSError) as error:
        raise MailboxError(f"cannot connect to {mailbox.host}:{mailbox.port} ({type(error).__name__})") from None
    try:
        imap.login(mailbox.username, password)
    except imaplib.IMAP4.error:
        imap.logout()
        raise MailboxError("the server refused the user name or password") from None
    return imap


def check(mailbox: Mailbox) -> None:
    """Connect, sign in and open the folder: the "test the connection" button."""
    imap = connect(mailbox)
    try:
        status, _data = imap.select(_quoted(mailbox.folder), readonly=True)
        if status != "OK":
            raise MailboxError(f"no folder {mailbox.folder}")
    finally:
        imap.logout()


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def collect(mailbox: Mailbox) -> Outcome:
    """Read the messages that arrived since the last run; each stored report or drill report once."""
    outcome = Outcome()
    try:
        imap = connect(mailbox)
    except MailboxError as error:
        Mailbox.objects.filter(pk=mailbox.pk).update(last_error=str(error)[:300], last_checked_at=timezone.now())
        raise
    try:
        status, _data = imap.select(_quoted(mailbox.folder), readonly=True)
        if status != "OK":
            raise MailboxError(f"no folder {mailbox.folder}")
        validity = int((imap.response("UIDVALIDITY")[1] or [b"0"])[0] or 0)
        last_uid = mailbox.last_uid if validity == mailbox.uidvalidity else 0
        status, data = imap.uid("SEARCH", None, f"UID {last_uid + 1}:*")
        uids = sorted(int(u) for u in (data[0] or b"").split() if int(u) > last_uid)[:MAX_MESSAGES]
        for uid in uids:
            status, sized = imap.uid("FETCH", str(uid), "(RFC822.SIZE)")
            size = int(_between(sized, b"RFC822.SIZE ", b")") or 0)
            if size <= MAX_MESSAGE_BYTES:
                status, fetched = imap.uid("FETCH", str(uid), "(BODY.PEEK[])")
                raw = next((part[1] for part in fetched if isinstance(part, tuple)), b"")
                read_message(mailbox.organisation, message_from_bytes(raw, policy=policy.default), outcome)
            else:
                outcome.refused.append(f"message {uid}: larger than 25 MB")
            last_uid = uid
        Mailbox.objects.filter(pk=mailbox.pk).update(
            uidvalidity=validity,
            last_uid=last_uid,
            last_checked_at=timezone.now(),
            last_error="",
            reports_read=mailbox.reports_read + outcome.reports,
            drill_reports=mailbox.drill_reports + outcome.drill_reports,
            refused=mailbox.refused + len(outcome.refused),
        )
    except (imaplib.IMAP4.error, OSError) as error:
        Mailbox.objects.filter(pk=mailbox.pk).update(last_error=f"IMAP: {type(error).__name__}"[:300])
        raise MailboxError(f"IMAP: {type(error).__name__}") from None
    finally:
        try:
            imap.logout()
        except (imaplib.IMAP4.error, OSError):
            pass
    return outcome


def _between(data: list, start: bytes, end: bytes) -> bytes:
    for item in data:
        blob = item[0] if isinstance(item, tuple) else item
        if isinstance(blob, bytes) and start in blob:
            return blob.split(start, 1)[1].split(end, 1)[0].split()[0]
    return b"0"
