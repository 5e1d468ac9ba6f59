"""Company B's notification objects for tests/orgs/test_tenancy_walk.py."""

from __future__ import annotations

from types import SimpleNamespace

from rashinban import crypto
from rashinban.mailbox.models import Mailbox
from rashinban.notify.models import Channel, Delivery, Endpoint, Feed, PersonChoice


def company_b_notify_objects(org_b, mallory) -> dict[str, object]:  # type: ignore[no-untyped-def]
    room = Channel(organisation=org_b, kind="slack", hint="hooks.slack.com/…XXXX")
    room.set_config({"url": "https://hooks.slack.com/services/B/B/B"})
    room.save()
    endpoint = Endpoint.objects.create(organisation=org_b, url="https://b.example/hook", events=["drill.finished"],
                                       secret=crypto.encrypt("whsec_b", crypto.NOTIFY_SECRET))  # fmt: skip
    delivery = Delivery.objects.create(endpoint=endpoint, event="drill.finished", body="{}")
    Mailbox.objects.create(organisation=org_b, host="imap.b.example", username="dmarc@b.example",
                           password=crypto.encrypt("b-secret", crypto.MAILBOX_SECRET))  # fmt: skip
    return {
        "notify_kind": SimpleNamespace(pk="slack"),
        "notify_action": SimpleNamespace(pk="test"),
        "webhook_endpoint": endpoint,
        "webhook_delivery": delivery,
    }


def notify_rows(org) -> tuple:  # type: ignore[no-untyped-def]
    return (
        sorted(Channel.objects.filter(organisation=org).values_list("id", "kind", "secret", "paused_at")),
        sorted(Endpoint.objects.filter(organisation=org).values_list("id", "url", "active")),
        sorted(Delivery.objects.filter(endpoint__organisation=org).values_list("id", "status")),
        Feed.objects.filter(organisation=org).count(),
        PersonChoice.objects.filter(organisation=org).count(),
        sorted(Mailbox.objects.filter(organisation=org).values_list("id", "host", "password", "last_uid")),
    )
