"""What a company configured (chat channels, webhook endpoints, feeds) and what is waiting to be sent.

Every secret (a webhook URL of Slack or Teams, a Chatwork token, a LINE WORKS key, an endpoint's signing secret)
is stored encrypted (rashinban/crypto.py, purpose NOTIFY_SECRET), never shown back, exported or logged.
Feed tokens are stored only as hashes.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban import crypto
from rashinban.orgs.models import Organisation


class ChannelKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    TEAMS = "teams", _("Microsoft Teams")
    SLACK = "slack", _("Slack")
    CHATWORK = "chatwork", _("Chatwork")
    LINEWORKS = "lineworks", _("LINE WORKS")


CHAT_KINDS = [k for k in ChannelKind if k != ChannelKind.EMAIL]


class Channel(models.Model):
    """A company's chat room: one per kind. E-mail needs no row (each person's own address)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="notify_channels")
    kind = models.CharField(max_length=12, choices=ChannelKind.choices)
    hint = models.CharField(max_length=120, blank=True)  # what the owner may see again: "hooks.slack.com/…/XXXX"
    secret = models.TextField(blank=True)  # Fernet token of the JSON settings (URL, token, keys)
    paused_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)  # attempts failed in a row
    last_error = models.CharField(max_length=300, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"], name="notify_one_channel_per_kind")]

    def set_config(self, config: dict) -> None:
        self.secret = crypto.encrypt(json.dumps(config), crypto.NOTIFY_SECRET)

    def config(self) -> dict | None:
        plain = crypto.decrypt(self.secret, crypto.NOTIFY_SECRET)
        return json.loads(plain) if plain else None


class PersonChoice(models.Model):
    """One person's choices in one company: which events reach them on which channels, quiet hours, digest."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choices = models.JSONField(default=dict)  # {"step_overdue": ["email", "slack"], ...}
    quiet_from = models.TimeField(null=True, blank=True)  # local time of the company
    quiet_until = models.TimeField(null=True, blank=True)
    digest = models.BooleanField(default=False)  # gather single messages into one a day

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="notify_one_choice_per_person")]


class Pending(models.Model):
    """A message held back by quiet hours or the person's digest, sent at `send_after`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=12, choices=ChannelKind.choices)
    text = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    send_after = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)


class Sent(models.Model):
    """Keys of state events already announced (a step overdue, evidence expired): each is announced once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="notify_sent_once")]


class Endpoint(models.Model):
    """An outgoing webhook: a URL, the events it wants, and the secret its deliveries are signed with."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(default=list)
    secret = models.TextField()  # Fernet token of the signing secret, shown once at creation
    active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)  # first failure of the current run of failures
    locked_until = models.DateTimeField(null=True, blank=True)  # one sender at a time keeps the order
    created_at = models.DateTimeField(default=timezone.now)

    def signing_secret(self) -> str | None:
        return crypto.decrypt(self.secret, crypto.NOTIFY_SECRET)

    @staticmethod
    def new_secret() -> str:
        return "whsec_" + secrets.token_urlsafe(32)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One event for one endpoint. Delivered in the order of `id`; each try is logged in `Attempt`."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=60)
    event_id = models.UUIDField(default=uuid.uuid4)
    body = models.TextField()  # the exact JSON that is signed and sent
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["endpoint", "status", "id"])]


class Attempt(models.Model):
    """The delivery log: each request sent, with its answer."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    delivery_uid = models.UUIDField(default=uuid.uuid4)  # X-Rashinban-Delivery: unique per request
    at = models.DateTimeField(default=timezone.now)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    body_size = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    ok = models.BooleanField(default=False)


def feed_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Feed(models.Model):
    """A person's secret calendar feed (or the company's, for owners). Only the token's hash is kept."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    company = models.BooleanField(default=False)  # the whole company's calendar (owners only)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
