"""What one message in the shared mailbox is: DMARC aggregate reports, or a drill mail a person forwarded.

Works on `email.message.EmailMessage` objects, so the IMAP reader and the tests share it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage

from django.db import IntegrityError, transaction

from rashinban.limits import LimitError
from rashinban.mailbox import dmarc
from rashinban.mailbox.models import DmarcReport
from rashinban.orgs.models import Organisation

logger = logging.getLogger(__name__)
REPORT_TYPES = {
    "application/gzip", "application/x-gzip", "application/zip", "application/x-zip-compressed",
    "text/xml", "application/xml", "application/octet-stream",
}  # fmt: skip
# A drill link: /d/<kind>/<token>/ (drills/urls.py). The token names the recipient; the same token in a forward.
DRILL_LINK = re.compile(r"/d/[a-z]/([A-Za-z0-9_-]{20,64})/")
MAX_TEXT = 1_000_000  # characters of a message's text searched for drill links


@dataclass
class Outcome:
    reports: int = 0
    duplicates: int = 0
    refused: list[str] = field(default_factory=list)
    drill_reports: int = 0


def _attachments(message: EmailMessage):  # type: ignore[no-untyped-def]
    for part in message.walk():
        if part.is_multipart():
            continue
        name = (part.get_filename() or "").lower()
        kind = part.get_content_type()
        if name.endswith((".xml", ".gz", ".zip")) or (kind in REPORT_TYPES and kind != "application/octet-stream"):
            payload = part.get_payload(decode=True)
            if payload:
                yield part.get_filename() or "report.xml", payload


def read_message(organisation: Organisation, message: EmailMessage, outcome: Outcome) -> None:
    """Store the DMARC reports a message carries, or count the drill mail it forwards as reported."""
    found_report = False
    for name, payload in _attachments(message):
        try:
            reports = dmarc.parse(payload, name)
        except LimitError as error:
            outcome.refused.append(str(error)[:200])
            continue
        for report in reports:
            found_report = True
            if store_report(organisation, report):
                outcome.reports += 1
            else:
                outcome.duplicates += 1
    if not found_report:
        outcome.drill_reports += report_forwarded_drill(organisation, message)


def store_report(organisation: Organisation, report: dmarc.Report) -> bool:
    """Keep one report (False when the same report was read before)."""
    records = [
        {"ip": r.source_ip, "count": r.count, "disposition": r.disposition, "dkim": r.dkim_aligned,
         "spf": r.spf_aligned, "passes": list(r.auth_pass_domains)}
        for r in report.records
    ]  # fmt: skip
    try:
        with transaction.atomic():
            DmarcReport.objects.create(
                organisation=organisation,
                org_name=report.org_name[:200],
                report_id=report.report_id[:200],
                domain=report.domain[:253],
                policy=report.policy[:12],
                begin=datetime.fromtimestamp(report.begin, UTC),
                end=datetime.fromtimestamp(report.end, UTC),
                messages=sum(r.count for r in report.records),
                records=records,
            )
    except IntegrityError:
        return False
    return True


def _texts(message: EmailMessage) -> str:
    """Headers and text of the message and of every message attached to it (a forward as attachment)."""
    chunks: list[str] = []
    for part in message.walk():
        chunks.extend(f"{key}: {value}" for key, value in part.items())
        if part.get_content_maintype() == "text":
            try:
                chunks.append(part.get_content())
            except (LookupError, ValueError):
                payload = part.get_payload(decode=True) or b""
                chunks.append(payload.decode("utf-8", "replace"))
    return "\n".join(chunks)[:MAX_TEXT]


def report_forwarded_drill(organisation: Organisation, message: EmailMessage) -> int:
    """A drill mail forwarded to the report address: "reported" for the person the drill's own token names
    (never a click: no link is followed). Only tokens of this company's drills count. Returns people counted."""
    from rashinban.drills.actions import find_recipient, record_mailbox_report
    from rashinban.drills.models import Event, EventKind

    text = _texts(message)
    drill_ids = set(re.findall(r"X-Rashinban-Drill: (\d+)", text))
    counted = 0
    for token in dict.fromkeys(DRILL_LINK.findall(text)):
        recipient = find_recipient(token)
        if recipient is None or recipient.organisation_id != organisation.pk or recipient.is_test:
            continue
        if drill_ids and str(recipient.drill_id) not in drill_ids:
            continue  # the header of the forwarded drill mail names another drill: not this token's
        already = Event.objects.filter(
            recipient_id=recipient.pk, kind=EventKind.REPORTED, signals__channel="mailbox"
        ).exists()
        if not already:
            record_mailbox_report(recipient)
            counted += 1
    return counted
