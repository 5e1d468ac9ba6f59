"""The company's shared mailbox (one per company) and the DMARC aggregate reports read from it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban.orgs.models import Organisation


class Mailbox(models.Model):
    """IMAP over TLS. The password is stored encrypted (crypto.MAILBOX_SECRET), never shown back or logged."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="mailbox")
    host = models.CharField(_("IMAP server"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    username = models.CharField(_("user name"), max_length=200)
    password = models.TextField(blank=True)  # Fernet token
    folder = models.CharField(_("folder"), max_length=100, default="INBOX")
    uidvalidity = models.BigIntegerField(default=0)
    last_uid = models.BigIntegerField(default=0)  # the last message read; each message is read once
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    reports_read = models.PositiveIntegerField(default=0)
    drill_reports = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)  # attachments that were not readable reports
    created_at = models.DateTimeField(default=timezone.now)


class DmarcReport(models.Model):
    """One aggregate report, with its records as sent (source, count, alignment, what passed)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    org_name = models.CharField(max_length=200)
    report_id = models.CharField(max_length=200)
    domain = models.CharField(max_length=253)
    policy = models.CharField(max_length=12)
    begin = models.DateTimeField()
    end = models.DateTimeField()
    messages = models.PositiveIntegerField(default=0)
    records = models.JSONField(default=list)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "org_name", "report_id"], name="mailbox_report_once")
        ]
        indexes = [models.Index(fields=["organisation", "received_at"])]
