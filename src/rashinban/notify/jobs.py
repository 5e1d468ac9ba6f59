"""Background work of notifications and webhooks: sending, held messages, weekly digests, state events."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from rashinban.notify import channels, events, webhooks
from rashinban.notify.models import Channel, ChannelKind, Pending, Sent
from rashinban.orgs.models import Membership, Organisation, User
from rashinban.tasks.api import PermanentError, enqueue, periodic, task

PAUSE_AFTER = 5  # failed attempts in a row before a chat channel is paused and the owners told
MAX_LINES = 20  # lines in one digest message


def queue_send(organisation_id: int, user_id: int, channel: str, text: str, link: str) -> None:
    enqueue(
        send_message,
        organisation=Organisation(pk=organisation_id),
        organisation_id=organisation_id,
        user_id=user_id,
        channel=channel,
        text=text,
        link=link,
    )


def queue_webhook(endpoint_id: int) -> None:
    enqueue(deliver_webhooks, endpoint_id=endpoint_id)


@task(name="notify.send", max_attempts=5, title=gettext_lazy("Notification"))
def send_message(organisation_id: int, user_id: int, channel: str, text: str, link: str = "") -> str:
    """Send one message on one channel; a chat channel failing PAUSE_AFTER times in a row is paused."""
    if channel == ChannelKind.EMAIL:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if (
            user is None
            or not Membership.objects.filter(user=user, organisation_id=organisation_id, active=True).exists()
        ):
            return "no longer a member"  # held while they left the company: not theirs any more
        subject = "[Rashinban] " + text.splitlines()[0][:80]
        body = channels.message_text(text, link)
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
        return "sent"
    room = Channel.objects.select_related("organisation").filter(organisation_id=organisation_id, kind=channel).first()
    if room is None or room.paused_at is not None:
        return "paused"
    config = room.config()
    if not config:
        raise PermanentError("the channel's settings cannot be read (SECRET_KEY changed)")
    try:
        channels.send(channel, config, text, link)
    except channels.SendError as error:
        _failed(room, str(error))
        raise
    Channel.objects.filter(pk=room.pk).update(failures=0, last_error="", last_sent_at=timezone.now())
    return "sent"


def _failed(room: Channel, error: str) -> None:
    Channel.objects.filter(pk=room.pk).update(failures=F("failures") + 1, last_error=error[:300])
    room.refresh_from_db()
    if room.failures >= PAUSE_AFTER:
        paused = Channel.objects.filter(pk=room.pk, paused_at=None).update(paused_at=timezone.now())
        if paused:
            events.tell_owners(
                room.organisation,
                "channel.paused",
                {"channel": room.get_kind_display(), "count": room.failures, "error": error},
                link=reverse("notify:settings", args=[room.organisation_id]),
            )
        raise PermanentError(f"channel paused after {room.failures} failures") from None


def test_message(room: Channel) -> str:
    """The owner's "send a test message" button: sent at once, the error (if any) shown on the page."""
    organisation = room.organisation
    text = events.render(
        gettext_lazy("Test message from Rashinban for %(company)s: notifications reach this room."),
        {"company": organisation.name},
        organisation.language or "ja",
    )
    config = room.config() or {}
    channels.send(room.kind, config, text, events.link_for(reverse("notify:settings", args=[organisation.pk])))
    Channel.objects.filter(pk=room.pk).update(failures=0, last_error="", paused_at=None, last_sent_at=timezone.now())
    return text


@task(name="webhooks.deliver", max_attempts=3, title=gettext_lazy("Webhook delivery"))
def deliver_webhooks(endpoint_id: int) -> int:
    return webhooks.deliver(endpoint_id)


@periodic(every=timedelta(minutes=1), name="webhooks.retry", title=gettext_lazy("Webhook retries"))
def retry_webhooks(now: str = "") -> int:
    moment = datetime.fromisoformat(now) if now else timezone.now()
    return sum(webhooks.deliver(endpoint_id, now=moment) for endpoint_id in webhooks.due_endpoints(moment))


@periodic(every=timedelta(minutes=5), name="notify.flush", title=gettext_lazy("Held notifications"))
def flush_held(now: str = "") -> int:
    """Send the messages held by quiet hours or a digest: one message per person and channel."""
    moment = datetime.fromisoformat(now) if now else timezone.now()
    due = list(Pending.objects.filter(send_after__lte=moment).order_by("organisation_id", "user_id", "channel", "id"))
    groups: dict[tuple[int, int, str], list[Pending]] = {}
    for row in due:
        groups.setdefault((row.organisation_id, row.user_id, row.channel), []).append(row)
    for (org_id, user_id, channel), rows in groups.items():
        if len(rows) == 1:
            text, link = rows[0].text, rows[0].link
        else:
            lines = [f"・{r.text.splitlines()[0]}" for r in rows[:MAX_LINES]]
            if len(rows) > MAX_LINES:
                lines.append(f"… (+{len(rows) - MAX_LINES})")
            text, link = "\n".join(lines), events.link_for(reverse("orgs:home"))
        queue_send(org_id, user_id, channel, text, link)
    Pending.objects.filter(pk__in=[r.pk for r in due]).delete()
    return len(groups)


def once(organisation: Organisation, key: str) -> bool:
    """True the first time a key is seen for a company (state events are announced once)."""
    try:
        with transaction.atomic():
            Sent.objects.create(organisation=organisation, key=key[:200])
    except IntegrityError:
        return False
    return True


def scan(organisation: Organisation, now: datetime) -> int:
    """The state events of one company: the Monday digest, newly overdue steps, newly expired evidence."""
    from rashinban.evidence.freshness import freshness_for
    from rashinban.nextsteps import plan_for

    local = now.astimezone(ZoneInfo(organisation.timezone))
    plan = plan_for(organisation, local.date())
    announced = 0
    home = reverse("orgs:dashboard", args=[organisation.pk])
    if local.weekday() == 0 and local.hour >= events.DIGEST_HOUR:
        year, week, _day = local.isocalendar()
        for membership in Membership.objects.filter(organisation=organisation, active=True).select_related("user"):
            steps = plan.this_week(membership.user_id)
            if not steps or not once(organisation, f"digest:{year}-W{week}:{membership.user_id}"):
                continue
            lines = {lang: "\n".join(f"・{s.title_in(lang)} ({s.due:%m/%d})" for s in steps) for lang in ("ja", "en")}
            events.notify_people(
                organisation, events.EVENTS["digest.weekly"], {"lines": lines}, events.link_for(home), [membership], now
            )
            announced += 1
    for step in plan.overdue():
        if once(organisation, f"overdue:{step.id}:{step.due.isoformat()}"):
            events.emit(
                organisation,
                "step.overdue",
                {"step": step.id, "title": dict(step.title), "due": step.due.isoformat()},
                link=home,
                person=step.assignee,
                now=now,
            )
            announced += 1
    for row in freshness_for(organisation, now):
        if row.state == "expired" and once(organisation, f"expired:{row.check_name}:{row.checked_at:%Y%m%d%H%M%S}"):
            events.emit(
                organisation,
                "evidence.expired",
                {"check": row.check_name, "title": _both(row.title), "checked_at": row.checked_at.isoformat()},
                link=reverse("evidence:overview", args=[organisation.pk]),
                now=now,
            )
            announced += 1
    from rashinban.evidence.registry import get_check
    from rashinban.evidence.verdicts import verdicts_for

    for question, verdict in sorted(verdicts_for(organisation, now).items()):
        key = f"contradicted:{question}:{verdict.checked_at:%Y%m%d%H%M%S}"
        if verdict.status == "contradicted" and once(organisation, key):
            check = get_check(verdict.check)
            events.emit(
                organisation,
                "evidence.contradicting",
                {"check": verdict.check, "question": question, "title": _both(check.title if check else verdict.check)},
                link=reverse("evidence:overview", args=[organisation.pk]),
                now=now,
            )
            announced += 1
    return announced


def _both(msgid: str) -> dict[str, str]:
    from django.utils import translation
    from django.utils.translation import gettext

    result = {}
    for lang in ("ja", "en"):
        with translation.override(lang):
            result[lang] = gettext(msgid)
    return result


@periodic(every=timedelta(hours=1), name="notify.scan", title=gettext_lazy("Notifications of the week"))
def scan_all(now: str = "") -> int:
    moment = datetime.fromisoformat(now) if now else timezone.now()
    total = 0
    for organisation in Organisation.objects.filter(deletion_requested_at=None):
        total += scan(organisation, moment)
    return total
