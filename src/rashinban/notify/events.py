"""The events people and other systems hear about, and `emit`, the one way to announce one.

An event goes to (1) every webhook endpoint of the company that asked for it (webhooks.record) and (2) the
people it concerns, on the channels they chose, held back by their quiet hours or their daily digest.
Messages are short, in the recipient's language (a shared chat room: the company's language), with a link.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from rashinban.notify.models import Channel, ChannelKind, Pending, PersonChoice
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, Organisation, User

OWNERS, PERSON = "owners", "person"
DIGEST_HOUR = 8  # held messages and the weekly digest leave at 8:00, company time


@dataclass(frozen=True)
class Event:
    name: str
    label: Any  # lazy text for the choices page
    text: Any  # lazy format string; %(...)s from the event's data
    audience: str  # OWNERS, or PERSON (the data's "person" id; owners when nobody is named)
    email: bool = True  # False where another mail already says it (KPI alerts have their own mail)
    by_default: bool = False  # sent by e-mail to people who chose nothing yet


EVENTS: dict[str, Event] = {
    e.name: e
    for e in [
        Event(
            "digest.weekly",
            _("This week's steps (every Monday)"),
            _("%(name)s, your steps this week:\n%(lines)s"),
            PERSON,
            by_default=True,
        ),
        Event("step.overdue", _("A step is overdue"), _("Overdue since %(due)s: %(title)s"), PERSON, by_default=True),
        Event("kpi.off_track", _("A KPI is off track"), _("KPI off track: %(title)s"), OWNERS, email=False),
        Event("evidence.expired", _("Evidence expired"), _("Evidence expired, check again: %(title)s"), OWNERS),
        Event(
            "evidence.contradicting",
            _("Evidence contradicts an answer"),
            _("Evidence contradicts an answer: %(title)s"),
            OWNERS,
        ),
        Event("drill.finished", _("A practice drill finished"), _("Practice drill finished: %(title)s"), OWNERS),
        Event(
            "survey.ready",
            _("The staff survey can show its results"),
            _("Staff survey: %(count)s answers, the results can now be shown"),
            OWNERS,
        ),
        Event("job.failed", _("Background work failed"), _("Background work failed: %(title)s"), OWNERS),
        Event("advisor.granted", _("An advisor was given access"), _("Advisor given access: %(name)s"), OWNERS),
        Event("advisor.revoked", _("An advisor's access was removed"), _("Advisor access removed: %(name)s"), OWNERS),
    ]
}
# Sent to owners whatever they chose: the company must know a channel or an endpoint stopped.
SYSTEM_TEXTS = {
    "channel.paused": _("Notifications to %(channel)s are paused: it failed %(count)s times in a row (%(error)s)."),
    "webhook.disabled": _("The webhook %(url)s was switched off: it failed for a day."),
}


def default_channels(event: Event, role: str) -> list[str]:
    """Without choices of their own, people get their weekly steps and overdue steps by e-mail; the rest (the
    dashboard shows it already) only when they choose it."""
    if not event.email or not event.by_default:
        return []
    if event.audience == OWNERS and role != Role.OWNER:
        return []
    return [ChannelKind.EMAIL]


def channels_for(choice: PersonChoice | None, event: Event, role: str) -> list[str]:
    if choice is None or event.name not in choice.choices:
        return default_channels(event, role)
    chosen = [c for c in choice.choices[event.name] if c in ChannelKind.values]
    return [c for c in chosen if c != ChannelKind.EMAIL or event.email]


def pick(value: Any, lang: str) -> Any:
    if isinstance(value, Mapping) and ("ja" in value or "en" in value):
        return value.get(lang) or value.get("ja") or value.get("en") or ""
    return value


def render(text: Any, data: Mapping[str, Any], lang: str) -> str:
    with translation.override(lang):
        return str(text) % {key: pick(value, lang) for key, value in data.items()}


def held_until(choice: PersonChoice | None, tz: ZoneInfo, now: datetime, digest_allowed: bool) -> datetime | None:
    """When a message to this person must wait: the end of their quiet hours, or the next digest time."""
    if choice is None:
        return None
    local = now.astimezone(tz)
    if choice.digest and digest_allowed:
        at = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
        return at if at > local else at + timedelta(days=1)
    if choice.quiet_from is not None and choice.quiet_until is not None and choice.quiet_from != choice.quiet_until:
        if in_quiet_hours(local.time(), choice.quiet_from, choice.quiet_until):
            end = datetime.combine(local.date(), choice.quiet_until, tzinfo=tz)
            return end if end > local else end + timedelta(days=1)
    return None


def in_quiet_hours(now: time, start: time, end: time) -> bool:
    """Quiet hours may cross midnight (22:00–07:00)."""
    return start <= now < end if start < end else now >= start or now < end


def link_for(path: str) -> str:
    return settings.BASE_URL + path if path.startswith("/") else path


def emit(
    organisation: Organisation,
    event: str,
    data: Mapping[str, Any],
    *,
    link: str = "",
    person: int | None = None,
    now: datetime | None = None,
) -> None:
    """Announce an event: webhooks that want it, and the people it concerns on the channels they chose."""
    from rashinban.notify import webhooks

    spec = EVENTS[event]
    link = link_for(link) if link else ""
    webhook_data = {key: pick(value, "en") if key != "title" else value for key, value in data.items()}
    webhooks.record(organisation, event, webhook_data, now=now)
    memberships = Membership.objects.filter(organisation=organisation, active=True).select_related("user")
    if spec.audience == PERSON and person is not None:
        memberships = memberships.filter(user_id=person)
    else:
        memberships = memberships.filter(role=Role.OWNER)
    notify_people(organisation, spec, data, link, list(memberships), now=now)


def notify_people(
    organisation: Organisation,
    spec: Event,
    data: Mapping[str, Any],
    link: str,
    memberships: Iterable[Membership],
    now: datetime | None = None,
) -> int:
    """Queue (or hold back) the message for each person on each channel they chose; returns messages queued."""
    from rashinban.notify.jobs import queue_send

    now = now or timezone.now()
    tz = ZoneInfo(organisation.timezone)
    memberships = list(memberships)
    choices = {
        c.user_id: c
        for c in PersonChoice.objects.filter(organisation=organisation, user__in=[m.user_id for m in memberships])
    }
    live = set(
        Channel.objects.filter(organisation=organisation, paused_at=None).values_list("kind", flat=True)
    )  # fmt: skip
    queued, posted_to_rooms = 0, set()
    for membership in memberships:
        user = membership.user
        choice = choices.get(user.pk)
        kinds = [k for k in channels_for(choice, spec, membership.role) if k == ChannelKind.EMAIL or k in live]
        if not kinds:
            continue
        values = {"name": user.display_name or user.email, **data}
        wait = held_until(choice, tz, now, digest_allowed=spec.name != "digest.weekly")
        for kind in kinds:
            lang = (user.language or organisation.language) if kind == ChannelKind.EMAIL else organisation.language
            text = render(spec.text, values, lang or "ja")
            if wait is not None:
                Pending.objects.create(
                    organisation=organisation, user=user, channel=kind, text=text, link=link, send_after=wait
                )
                continue
            if kind != ChannelKind.EMAIL:
                if (kind, text) in posted_to_rooms:  # one room: the same line once, however many chose it
                    continue
                posted_to_rooms.add((kind, text))
            queue_send(organisation.pk, user.pk, kind, text, link)
            queued += 1
    return queued


def tell_owners(organisation: Organisation, key: str, data: Mapping[str, Any], link: str = "") -> None:
    """A system message (a channel paused, an endpoint switched off) by e-mail to every active owner."""
    from rashinban.notify.jobs import queue_send

    owners = Membership.objects.filter(organisation=organisation, active=True, role=Role.OWNER).select_related("user")
    for membership in owners:
        user: User = membership.user
        text = render(SYSTEM_TEXTS[key], data, user.language or organisation.language or "ja")
        queue_send(organisation.pk, user.pk, ChannelKind.EMAIL, text, link_for(link) if link else "")
