"""Each chat channel against a real local receiver that checks the service's request shape; mail through aiosmtpd."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from rashinban.notify import events
from rashinban.notify.jobs import PAUSE_AFTER, flush_held
from rashinban.notify.models import Channel, Pending, PersonChoice
from rashinban.orgs.models import Organisation
from rashinban.tasks.models import Job, JobStatus
from tests.conftest import login


def connect(client, org: Organisation, kind: str, **fields: str):  # type: ignore[no-untyped-def]
    data = {f"{kind}-{name}": value for name, value in fields.items()}
    return client.post(reverse("notify:channel_connect", args=[org.pk, kind]), data)


def press_test(client, org: Organisation, kind: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("notify:channel_test", args=[org.pk, kind]), follow=True)


@pytest.mark.django_db
def test_slack_incoming_webhook(as_alice, org_a, receiver):
    url = receiver.url + "/services/T000/B000/secretpart"
    assert connect(as_alice, org_a, "slack", url=url).status_code == 302
    room = Channel.objects.get(organisation=org_a, kind="slack")
    assert "secretpart" not in room.secret and room.config() == {"url": url}  # encrypted at rest
    page = as_alice.get(reverse("notify:settings", args=[org_a.pk])).content.decode()
    assert "secretpart" not in page and "B000" not in page  # never shown again
    response = press_test(as_alice, org_a, "slack")
    assert "テストメッセージ" in response.content.decode() or "Test message" in response.content.decode()
    [sent] = receiver.requests
    assert sent.path == "/services/T000/B000/secretpart"
    body = sent.json()
    assert set(body) == {"text"}
    assert "A商事" in body["text"] and "<https://rashinban.example/o/" in body["text"]


@pytest.mark.django_db
def test_teams_workflows_adaptive_card(as_alice, org_a, receiver):
    receiver.status, receiver.answer = 202, b""
    connect(as_alice, org_a, "teams", url=receiver.url + "/workflows/abc")
    press_test(as_alice, org_a, "teams")
    [sent] = receiver.requests
    body = sent.json()
    assert body["type"] == "message"
    [attachment] = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["body"][0]["type"] == "TextBlock"
    assert card["actions"][0]["type"] == "Action.OpenUrl"
    assert card["actions"][0]["url"].startswith("https://rashinban.example/o/")


@pytest.mark.django_db
def test_chatwork_token_and_room(as_alice, org_a, receiver, settings):
    settings.NOTIFY_CHATWORK_API = receiver.url + "/v2"
    receiver.answer = b'{"message_id": "1"}'
    connect(as_alice, org_a, "chatwork", token="cw-secret-token", room_id="123456")
    press_test(as_alice, org_a, "chatwork")
    [sent] = receiver.requests
    assert sent.path == "/v2/rooms/123456/messages"
    assert sent.headers["X-ChatWorkToken"] == "cw-secret-token"
    assert sent.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert "https://rashinban.example/o/" in sent.form()["body"]
    assert "cw-secret-token" not in Channel.objects.get(kind="chatwork").secret


@pytest.mark.django_db
def test_lineworks_bot_with_service_account(as_alice, org_a, receiver, settings):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    settings.NOTIFY_LINEWORKS_AUTH = receiver.url + "/oauth2/v2.0/token"
    settings.NOTIFY_LINEWORKS_API = receiver.url + "/v1.0"
    receiver.routes["/oauth2/v2.0/token"] = (
        200,
        json.dumps({"access_token": "lw-access", "expires_in": "86400"}).encode(),
    )
    receiver.routes["/v1.0/bots/2000001/channels/ch-9/messages"] = (201, b"")
    connect(as_alice, org_a, "lineworks", client_id="cid", client_secret="csecret", service_account="sa@works",
            private_key=pem.decode(), bot_id="2000001", channel_id="ch-9")  # fmt: skip
    response = press_test(as_alice, org_a, "lineworks")
    assert response.status_code == 200
    token_request, message = receiver.requests
    form = token_request.form()
    assert form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer" and form["scope"] == "bot"
    assert form["client_secret"] == "csecret"
    claims = jwt.decode(form["assertion"], key.public_key(), algorithms=["RS256"])  # an independent check
    assert claims["iss"] == "cid" and claims["sub"] == "sa@works"
    assert message.headers["Authorization"] == "Bearer lw-access"
    assert message.json()["content"]["type"] == "text"


@pytest.mark.django_db
def test_unreachable_test_message_says_why(as_alice, org_a, receiver):
    receiver.status = 500
    connect(as_alice, org_a, "slack", url=receiver.url + "/hook")
    page = press_test(as_alice, org_a, "slack").content.decode()
    assert "500" in page


@pytest.mark.django_db
def test_event_reaches_chosen_channels_in_each_language(client, alice, org_a, receiver, mailserver):
    alice.language = "en"
    alice.save()
    Channel.objects.create(organisation=org_a, kind="slack").set_config({"url": receiver.url + "/hook"})
    room = Channel.objects.get(kind="slack")
    room.set_config({"url": receiver.url + "/hook"})
    room.save()
    PersonChoice.objects.create(organisation=org_a, user=alice, choices={"drill.finished": ["email", "slack"]})
    events.emit(org_a, "drill.finished", {"drill": 1, "title": "4月の訓練"}, link="/o/1/drills/1/")
    [chat] = receiver.requests
    assert "訓練が終わりました" in chat.json()["text"]  # the room: the company's language (Japanese)
    [mail] = mailserver.messages
    assert mail["To"] == "alice@a.example"
    assert "Practice drill finished: 4月の訓練" in mail["Subject"]  # the person: English
    assert "https://rashinban.example/o/1/drills/1/" in mailserver.text(mail)


@pytest.mark.django_db
def test_members_do_not_get_owner_events(bob, alice, org_a, mailserver):
    for user in (alice, bob):
        PersonChoice.objects.create(organisation=org_a, user=user, choices={"job.failed": ["email"]})
    events.emit(org_a, "job.failed", {"job": 1, "task": "x", "title": "E-mail"})
    assert [m["To"] for m in mailserver.messages] == ["alice@a.example"]


@pytest.mark.django_db
def test_failing_channel_is_paused_and_owner_told(alice, org_a, receiver, mailserver, settings):
    settings.TASKS_EAGER = False
    receiver.status = 503
    room = Channel(organisation=org_a, kind="slack")
    room.set_config({"url": receiver.url + "/hook"})
    room.save()
    PersonChoice.objects.create(organisation=org_a, user=alice, choices={"job.failed": ["slack"]})
    from rashinban.tasks.runner import execute, take, worker_id

    for number in range(PAUSE_AFTER):
        events.emit(org_a, "job.failed", {"job": number, "task": "x", "title": f"job {number}"})
    for job in Job.objects.filter(name="notify.send").order_by("id"):
        take(job.pk, worker_id())
        execute(Job.objects.get(pk=job.pk), worker_id())
    room.refresh_from_db()
    assert room.paused_at is not None and room.failures == PAUSE_AFTER and "503" in room.last_error
    assert Job.objects.filter(name="notify.send", status=JobStatus.FAILED).exists()
    assert len(receiver.requests) == PAUSE_AFTER
    # The owner is told by mail (queued like every message; run it).
    told = Job.objects.filter(name="notify.send", kwargs__channel="email").get()
    take(told.pk, worker_id())
    execute(Job.objects.get(pk=told.pk), worker_id())
    [mail] = mailserver.messages
    assert "Slack" in mail["Subject"] and "一時停止" in mail["Subject"]
    # Once paused, nothing more is posted to the room.
    events.emit(org_a, "job.failed", {"job": 99, "task": "x", "title": "later"})
    assert Job.objects.filter(name="notify.send", kwargs__channel="slack").count() == PAUSE_AFTER
    for job in Job.objects.filter(name="notify.send", status=JobStatus.QUEUED):  # the retries find it paused
        Job.objects.filter(pk=job.pk).update(run_at=job.created_at)
        take(job.pk, worker_id())
        execute(Job.objects.get(pk=job.pk), worker_id())
    assert len(receiver.requests) == PAUSE_AFTER


@pytest.mark.django_db
def test_quiet_hours_hold_messages_then_one_message(alice, org_a, mailserver):
    PersonChoice.objects.create(
        organisation=org_a,
        user=alice,
        quiet_from=time(22, 0),
        quiet_until=time(7, 0),
        choices={"job.failed": ["email"]},
    )
    night = datetime(2026, 4, 6, 14, 30, tzinfo=UTC)  # 23:30 in Tokyo
    events.emit(org_a, "job.failed", {"job": 1, "task": "x", "title": "A"}, now=night)
    events.emit(org_a, "job.failed", {"job": 2, "task": "x", "title": "B"}, now=night)
    assert not mailserver.messages
    held = list(Pending.objects.all())
    assert len(held) == 2 and held[0].send_after == datetime(2026, 4, 6, 22, 0, tzinfo=UTC)  # 7:00 Tokyo
    assert flush_held(now="2026-04-06T21:59:00+00:00") == 0
    assert flush_held(now="2026-04-06T22:00:00+00:00") == 1
    [mail] = mailserver.messages
    text = mailserver.text(mail)
    assert "A" in text and "B" in text and not Pending.objects.exists()


@pytest.mark.django_db
def test_digest_gathers_single_messages_into_one_a_day(alice, org_a, mailserver):
    PersonChoice.objects.create(organisation=org_a, user=alice, choices={"evidence.expired": ["email"]}, digest=True)
    noon = datetime(2026, 4, 6, 3, 0, tzinfo=UTC)  # 12:00 Tokyo
    for title in ("one", "two", "three"):
        events.emit(org_a, "evidence.expired", {"check": "x", "title": title}, now=noon)
    assert not mailserver.messages
    assert {p.send_after for p in Pending.objects.all()} == {datetime(2026, 4, 6, 23, 0, tzinfo=UTC)}  # 8:00
    flush_held(now="2026-04-06T23:00:00+00:00")
    [mail] = mailserver.messages
    assert all(word in mailserver.text(mail) for word in ("one", "two", "three"))


@pytest.mark.django_db
def test_only_owners_configure_channels_and_other_companies_see_nothing(client, bob, mallory, org_a, receiver):
    login(client, bob)
    assert connect(client, org_a, "slack", url=receiver.url + "/h").status_code == 403
    assert client.get(reverse("notify:settings", args=[org_a.pk])).status_code == 200  # own choices
    login(client, mallory)
    assert client.get(reverse("notify:settings", args=[org_a.pk])).status_code == 404
    assert connect(client, org_a, "slack", url=receiver.url + "/h").status_code == 404
    assert not Channel.objects.exists()


@pytest.mark.django_db
def test_person_saves_choices_quiet_hours_and_digest(client, bob, org_a):
    login(client, bob)
    response = client.post(
        reverse("notify:choices", args=[org_a.pk]),
        {"c-step.overdue-email": "1", "quiet_from": "21:00", "quiet_until": "08:00", "digest": "on"},
    )
    assert response.status_code == 302
    choice = PersonChoice.objects.get(user=bob)
    assert choice.choices["step.overdue"] == ["email"] and choice.choices["digest.weekly"] == []
    assert choice.quiet_from == time(21, 0) and choice.digest


@pytest.mark.django_db
def test_without_choices_only_the_weekly_steps_and_overdue_steps_are_mailed(alice, org_a, mailserver):
    events.emit(org_a, "job.failed", {"job": 1, "task": "x", "title": "A"})
    assert not mailserver.messages
    title = {"ja": "手順", "en": "Step"}
    events.emit(org_a, "step.overdue", {"step": "s", "title": title, "due": "2026-04-01"}, person=alice.pk)
    [mail] = mailserver.messages
    assert "手順" in mail["Subject"]
