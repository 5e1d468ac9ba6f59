"""Outgoing webhooks against a real local receiver that verifies signatures with its own code (not ours)."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from rashinban import crypto
from rashinban.notify import events, outbound, webhooks
from rashinban.notify.jobs import retry_webhooks
from rashinban.notify.models import Attempt, Delivery, DeliveryStatus, Endpoint

REPLAY_WINDOW_SECONDS = 300  # what docs/webhooks.md tells receivers


def receiver_verifies(secret: str, headers: dict[str, str], body: bytes, now: int) -> bool:
    """A receiver's check, written from docs/webhooks.md alone: HMAC-SHA256 over TIMESTAMP "." BODY, hex."""
    timestamp = headers["X-Rashinban-Timestamp"]
    if abs(now - int(timestamp)) > REPLAY_WINDOW_SECONDS:
        return False
    expected = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    scheme, _, given = headers["X-Rashinban-Signature"].partition("=")
    return scheme == "sha256" and hmac.compare_digest(expected, given)


def endpoint_for(org, url: str, events_wanted=("drill.finished",), secret: str = "whsec_test") -> Endpoint:  # type: ignore[no-untyped-def]
    return Endpoint.objects.create(
        organisation=org, url=url, events=list(events_wanted), secret=crypto.encrypt(secret, crypto.NOTIFY_SECRET)
    )


@pytest.mark.django_db
def test_owner_adds_an_endpoint_and_sees_the_secret_once(as_alice, org_a, receiver):
    url = reverse("notify:endpoint_add", args=[org_a.pk])
    response = as_alice.post(url, {"url": receiver.url + "/hook", "events": ["drill.finished", "job.failed"]})
    page = response.content.decode()
    secret = re.search(r'<code id="secret-value">(whsec_[\w-]+)</code>', page).group(1)  # type: ignore[union-attr]
    endpoint = Endpoint.objects.get()
    assert endpoint.events == ["drill.finished", "job.failed"]
    assert secret not in endpoint.secret and endpoint.signing_secret() == secret
    assert secret not in as_alice.get(reverse("notify:settings", args=[org_a.pk])).content.decode()
    assert secret not in as_alice.get(reverse("notify:endpoint", args=[org_a.pk, endpoint.pk])).content.decode()


@pytest.mark.django_db
def test_plain_http_to_another_host_is_refused(as_alice, org_a):
    response = as_alice.post(
        reverse("notify:endpoint_add", args=[org_a.pk]), {"url": "http://example.com/hook", "events": ["job.failed"]}
    )
    assert response.status_code == 400 and not Endpoint.objects.exists()


def test_production_settings_refuse_private_and_loopback_addresses(settings):
    settings.NOTIFY_ALLOW_PRIVATE = False
    for url in (
        "https://127.0.0.1/hook",
        "https://localhost/hook",  # checked on the resolved address, not the name
        "https://10.0.0.5/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "http://127.0.0.1:8019/hook",
    ):
        with pytest.raises(outbound.Refused):
            outbound.check_url(url)
    outbound.check_url("https://93.184.215.14/hook")  # a public address passes (nothing is sent)


@pytest.mark.django_db
def test_delivery_is_signed_and_verified_by_an_independent_receiver(org_a, receiver):
    endpoint_for(org_a, receiver.url + "/hook", secret="whsec_independent")
    events.emit(org_a, "drill.finished", {"drill": 7, "title": "4月の訓練"})
    [request] = receiver.requests
    assert receiver_verifies("whsec_independent", request.headers, request.body, int(datetime.now(UTC).timestamp()))
    assert not receiver_verifies("whsec_other", request.headers, request.body, int(datetime.now(UTC).timestamp()))
    tampered = request.body.replace(b"7", b"8")
    assert not receiver_verifies("whsec_independent", request.headers, tampered, int(datetime.now(UTC).timestamp()))
    late = int(request.headers["X-Rashinban-Timestamp"]) + REPLAY_WINDOW_SECONDS + 1
    assert not receiver_verifies("whsec_independent", request.headers, request.body, late)  # a replay, too late
    body = request.json()
    assert set(body) == {"event", "id", "occurred_at", "organisation", "data"}
    assert body["event"] == request.headers["X-Rashinban-Event"] == "drill.finished"
    assert body["organisation"] == {"id": org_a.pk, "name": "A商事"}
    assert body["data"] == {"drill": 7, "title": "4月の訓練"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body["occurred_at"])
    assert re.fullmatch(r"[0-9a-f-]{36}", request.headers["X-Rashinban-Delivery"])
    assert request.headers["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_only_the_events_an_endpoint_asked_for(org_a, receiver):
    endpoint_for(org_a, receiver.url + "/hook", events_wanted=["job.failed"])
    events.emit(org_a, "drill.finished", {"drill": 1, "title": "x"})
    assert not receiver.requests
    events.emit(org_a, "job.failed", {"job": 1, "task": "mail.send", "title": "E-mail"})
    assert [r.headers["X-Rashinban-Event"] for r in receiver.requests] == ["job.failed"]


@pytest.mark.django_db
def test_receiver_down_for_an_hour_gets_every_event_once_in_order(org_a, receiver, settings):
    settings.TASKS_EAGER = False  # the clock below drives the retries, as the worker's minute schedule would
    endpoint = endpoint_for(org_a, receiver.url + "/hook")
    start = datetime(2026, 4, 6, 0, 0, tzinfo=UTC)
    receiver.down = True
    sent = []
    for minute in range(0, 24 * 60):
        now = start + timedelta(minutes=minute)
        if minute < 60 and minute % 6 == 0:  # ten events while the receiver is down
            events.emit(org_a, "drill.finished", {"drill": minute, "title": f"drill {minute}"}, now=now)
            sent.append(minute)
        if minute == 60:
            receiver.down = False
        retry_webhooks(now=now.isoformat())
        if len(receiver.requests) == len(sent) and minute > 60:
            break
    assert [r.json()["data"]["drill"] for r in receiver.requests] == sent  # each once, in order
    assert minute <= 60 + 60  # back within the longest wait (an hour)
    assert len({r.headers["X-Rashinban-Delivery"] for r in receiver.requests}) == len(sent)
    assert not Delivery.objects.filter(status=DeliveryStatus.PENDING).exists()
    assert Attempt.objects.filter(ok=False).exists()
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.failing_since is None


@pytest.mark.django_db
def test_endpoint_failing_for_a_day_is_switched_off_and_owner_told(alice, org_a, receiver, settings):
    settings.TASKS_EAGER = False
    receiver.status = 500
    endpoint = endpoint_for(org_a, receiver.url + "/hook")
    start = datetime(2026, 4, 6, 0, 0, tzinfo=UTC)
    events.emit(org_a, "drill.finished", {"drill": 1, "title": "x"}, now=start)
    minute = 0
    while minute < 26 * 60:
        retry_webhooks(now=(start + timedelta(minutes=minute)).isoformat())
        endpoint.refresh_from_db()
        if not endpoint.active:
            break
        minute += 1
    assert not endpoint.active and 24 * 60 <= minute <= 25 * 60
    assert 10 <= len(receiver.requests) <= 40  # backed off, never more than once an hour at the end
    settings.TASKS_EAGER = True
    from rashinban.tasks.runner import run_pending

    run_pending()
    [told] = [m for m in mail.outbox if "alice@a.example" in m.to and "Webhook" in m.subject]
    assert receiver.url in told.subject and "停止" in told.subject
    # Switched on again, what waited is delivered.
    receiver.status = 200
    webhooks.enable(endpoint)
    webhooks.deliver(endpoint.pk)
    assert receiver.requests[-1].json()["data"]["drill"] == 1
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


@pytest.mark.django_db
def test_delivery_log_and_redelivery(as_alice, org_a, receiver):
    endpoint = endpoint_for(org_a, receiver.url + "/hook", secret="whsec_log")
    events.emit(org_a, "drill.finished", {"drill": 3, "title": "x"})
    delivery = Delivery.objects.get()
    page = as_alice.get(reverse("notify:endpoint", args=[org_a.pk, endpoint.pk])).content.decode()
    assert "drill.finished" in page and "200" in page and f"{len(delivery.body.encode())} B" in page
    as_alice.post(reverse("notify:redeliver", args=[org_a.pk, endpoint.pk, delivery.pk]))
    first, again = receiver.requests
    assert first.json()["id"] == again.json()["id"]  # the same event
    assert first.headers["X-Rashinban-Delivery"] != again.headers["X-Rashinban-Delivery"]
    now = int(datetime.now(UTC).timestamp())
    assert receiver_verifies("whsec_log", again.headers, again.body, now)
    assert Attempt.objects.filter(ok=True).count() == 2


@pytest.mark.django_db
def test_loopback_endpoint_is_refused_at_send_time_in_production(org_a, receiver, settings):
    endpoint_for(org_a, receiver.url + "/hook")
    settings.NOTIFY_ALLOW_PRIVATE = False
    events.emit(org_a, "drill.finished", {"drill": 1, "title": "x"})
    assert not receiver.requests
    [attempt] = Attempt.objects.all()
    assert not attempt.ok and attempt.error


def test_signature_matches_openssl():
    """Computed apart: printf '1700000000.{}' | openssl dgst -sha256 -hmac secret"""
    expected = "b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163"
    assert webhooks.sign("secret", 1700000000, b"{}") == "sha256=" + expected


@pytest.mark.django_db
def test_an_event_of_one_company_reaches_only_its_own_endpoints(org_a, org_b, receiver):
    endpoint_for(org_b, receiver.url + "/b-hook", events_wanted=["drill.finished"])
    events.emit(org_a, "drill.finished", {"drill": 1, "title": "A's drill"})
    assert not receiver.requests and not Delivery.objects.exists()
