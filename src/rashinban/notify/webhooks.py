"""Outgoing webhooks: signed JSON deliveries, in order per endpoint, retried with back-off for up to a day.

Each delivery is the JSON body {"event", "id", "occurred_at", "organisation", "data"} with the headers
X-Rashinban-Event, X-Rashinban-Delivery (unique per request), X-Rashinban-Timestamp (Unix seconds) and
X-Rashinban-Signature: sha256=HEX, the HMAC-SHA256 of TIMESTAMP + "." + BODY under the endpoint's secret.

An endpoint receives its events in the order they happened: while the oldest waiting one fails, the later ones
wait behind it, so a receiver that was down gets every event once it is back, in order. An endpoint that keeps
failing for a day (FAIL_FOR) is switched off and its owners told. See docs/webhooks.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from rashinban.notify import outbound
from rashinban.notify.models import Attempt, Delivery, DeliveryStatus, Endpoint
from rashinban.orgs.models import Organisation

FAIL_FOR = timedelta(days=1)
RETRY_BASE = timedelta(seconds=30)
RETRY_MAX = timedelta(hours=1)
REPLAY_WINDOW = timedelta(minutes=5)  # what receivers are told to accept (docs/webhooks.md)
LEASE = timedelta(minutes=2)
BATCH = 100  # deliveries sent in one run for one endpoint

TEST_EVENT = "webhook.test"
EVENT_NAMES = [
    "step.overdue",
    "kpi.off_track",
    "evidence.expired",
    "evidence.contradicting",
    "drill.finished",
    "survey.ready",
    "job.failed",
    "advisor.granted",
    "advisor.revoked",
]


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The X-Rashinban-Signature value: sha256= and the hex HMAC-SHA256 of TIMESTAMP + "." + BODY."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def body_for(organisation: Organisation, event: str, event_id: uuid.UUID, at: datetime, data: Any) -> str:
    return json.dumps(
        {
            "event": event,
            "id": str(event_id),
            "occurred_at": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "organisation": {"id": organisation.pk, "name": organisation.name},
            "data": data,
        },
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )


def backoff(attempts: int) -> timedelta:
    """30 s, 1, 2, 4 ... minutes, at most an hour between tries."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_MAX)


def record(organisation: Organisation, event: str, data: Any, *, now: datetime | None = None) -> list[Delivery]:
    """Queue one delivery of the event per active endpoint that asked for it, and start delivering."""
    from rashinban.notify.jobs import queue_webhook

    now = now or timezone.now()
    event_id = uuid.uuid4()
    made = []
    for endpoint in Endpoint.objects.filter(organisation=organisation, active=True):
        if event != TEST_EVENT and event not in endpoint.events:
            continue
        made.append(
            Delivery.objects.create(
                endpoint=endpoint,
                event=event,
                event_id=event_id,
                body=body_for(organisation, event, event_id, now, data),
                next_attempt_at=now,
                created_at=now,
            )
        )
    for delivery in made:
        queue_webhook(delivery.endpoint_id)
    return made


def _claim(endpoint_id: int) -> bool:
    moment = timezone.now()
    return bool(
        Endpoint.objects.filter(Q(locked_until=None) | Q(locked_until__lt=moment), pk=endpoint_id, active=True).update(
            locked_until=moment + LEASE
        )
    )


def deliver(endpoint_id: int, now: datetime | None = None) -> int:
    """Send the endpoint's waiting deliveries that are due, oldest first; stop at the first failure.

    Returns how many were delivered. `now` is the clock (tests move it); requests go out at once."""
    if not _claim(endpoint_id):
        return 0
    delivered = 0
    try:
        endpoint = Endpoint.objects.select_related("organisation").get(pk=endpoint_id)
        for _round in range(BATCH):
            head = endpoint.deliveries.filter(status=DeliveryStatus.PENDING).order_by("id").first()
            moment = now or timezone.now()
            if head is None or head.next_attempt_at > moment:
                break
            if not attempt(endpoint, head, moment):
                break
            delivered += 1
    finally:
        Endpoint.objects.filter(pk=endpoint_id).update(locked_until=None)
    return delivered


def attempt(endpoint: Endpoint, delivery: Delivery, now: datetime) -> bool:
    """One request for one delivery, logged; on failure the next try is scheduled or the endpoint switched off."""
    secret = endpoint.signing_secret()
    body = delivery.body.encode()
    uid = uuid.uuid4()
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Rashinban-Webhooks/1",
        "X-Rashinban-Event": delivery.event,
        "X-Rashinban-Delivery": str(uid),
        "X-Rashinban-Timestamp": str(timestamp),
        "X-Rashinban-Signature": sign(secret or "", timestamp, body),
    }
    code, error = None, ""
    if secret is None:
        error = "the signing secret cannot be read (SECRET_KEY changed)"
    else:
        try:
            answer = outbound.post(endpoint.url, content=body, headers=headers)
            code = answer.status
            if not 200 <= code < 300:
                error = f"HTTP {code}"
        except outbound.Refused as refused:
            error = str(refused)[:300]
        except Exception as problem:  # noqa: BLE001 - any network failure is a failed attempt
            error = type(problem).__name__
    ok = not error
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery, delivery_uid=uid, at=now, response_code=code, body_size=len(body), error=error, ok=ok
        )
        if ok:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.DELIVERED, delivered_at=now, attempts=F("attempts") + 1
            )
            Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=None)
            endpoint.failing_since = None
            return True
        attempts = delivery.attempts + 1
        Delivery.objects.filter(pk=delivery.pk).update(attempts=attempts, next_attempt_at=now + backoff(attempts))
        since = endpoint.failing_since or now
        if endpoint.failing_since is None:
            Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=now)
            endpoint.failing_since = now
        if now - since >= FAIL_FOR:
            disable(endpoint, now)
    return False


def disable(endpoint: Endpoint, now: datetime) -> None:
    from rashinban.notify.events import tell_owners

    Endpoint.objects.filter(pk=endpoint.pk).update(active=False, disabled_at=now)
    endpoint.active = False
    tell_owners(
        endpoint.organisation,
        "webhook.disabled",
        {"url": endpoint.url},
        link=f"/o/{endpoint.organisation_id}/notifications/",
    )


def enable(endpoint: Endpoint, now: datetime | None = None) -> None:
    """Switch an endpoint on again; what waited is delivered from where it stopped."""
    now = now or timezone.now()
    Endpoint.objects.filter(pk=endpoint.pk).update(active=True, disabled_at=None, failing_since=None)
    endpoint.deliveries.filter(status=DeliveryStatus.PENDING).update(next_attempt_at=now)


def redeliver(delivery: Delivery, now: datetime | None = None) -> Delivery:
    """Send an event again, as a new delivery (same event id, new delivery id) at the end of the queue."""
    from rashinban.notify.jobs import queue_webhook

    now = now or timezone.now()
    copy = Delivery.objects.create(
        endpoint=delivery.endpoint,
        event=delivery.event,
        event_id=delivery.event_id,
        body=delivery.body,
        next_attempt_at=now,
        created_at=now,
    )
    queue_webhook(delivery.endpoint_id)
    return copy


def due_endpoints(now: datetime) -> list[int]:
    return list(
        Endpoint.objects.filter(
            active=True, deliveries__status=DeliveryStatus.PENDING, deliveries__next_attempt_at__lte=now
        )
        .values_list("id", flat=True)
        .distinct()
    )
