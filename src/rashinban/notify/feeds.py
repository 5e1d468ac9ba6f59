"""Calendar feeds: a person's steps (PoC decisions and KPI checks are steps of the plan too) and drills, or the
whole company's for owners, at a secret URL that can be revoked.

The dates are the plan's (`rashinban.nextsteps.plan_for`), the same as on every page; the UIDs are stable, so a
subscribed calendar updates an event instead of adding a new one. The roadmap's own export (planning/exports.py)
uses the same all-day event shape.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from rashinban.notify.models import Feed, feed_hash
from rashinban.orgs.models import Organisation, User

PRODID = "-//Rashinban//Calendar feed//JA"


def create(organisation: Organisation, user: User, company: bool = False) -> str:
    """A new feed token for the person (revoking their previous one of the same kind); shown once."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        Feed.objects.filter(organisation=organisation, user=user, company=company, revoked_at=None).update(
            revoked_at=timezone.now()
        )
        Feed.objects.create(organisation=organisation, user=user, company=company, token_hash=feed_hash(token))
    return token


def find(token: str) -> Feed | None:
    """The live feed for a token: its person must still be an active member (an owner for a company feed)."""
    from rashinban.orgs.choices import Role
    from rashinban.orgs.models import Membership

    feed = (
        Feed.objects.select_related("organisation", "user").filter(token_hash=feed_hash(token), revoked_at=None).first()
    )
    if feed is None or not feed.user.is_active:
        return None
    membership = Membership.objects.filter(organisation=feed.organisation, user=feed.user, active=True).first()
    if membership is None or (feed.company and membership.role != Role.OWNER):
        return None
    return feed


def _event(uid: str, summary: str, day, description: str, stamp: datetime) -> Event:  # noqa: ANN001
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    if description:
        event.add("description", description)
    return event


def build(feed: Feed) -> bytes:
    """The iCalendar text of a feed, in its person's language."""
    from rashinban.drills.models import Drill
    from rashinban.nextsteps import plan_for

    organisation, user = feed.organisation, feed.user
    lang = user.language or organisation.language or "ja"
    plan = plan_for(organisation)
    steps = plan.steps if feed.company else plan.for_person(user.pk)
    drills = Drill.objects.filter(organisation=organisation).exclude(status="draft")
    if not feed.company:
        drills = drills.filter(created_by=user)
    stamp = datetime.now(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    with translation.override(lang):
        name = organisation.name if feed.company else f"{organisation.name} · {user.display_name or user.email}"
        calendar.add("x-wr-calname", _("Rashinban: %(name)s") % {"name": name})
        for step in steps:
            who = plan.name_of(step)
            description = "\n".join(step.reasons_in(lang))
            if feed.company and who:
                description = f"{who}\n{description}"
            calendar.add_component(
                _event(f"step-{step.id}-{organisation.pk}@rashinban", step.title_in(lang), step.due, description, stamp)
            )
        for drill in drills:
            day = timezone.localtime(drill.window_start).date()
            calendar.add_component(
                _event(
                    f"drill-{drill.pk}-{organisation.pk}@rashinban",
                    _("Practice drill: %(name)s") % {"name": drill.name},
                    day,
                    "",
                    stamp,
                )
            )
    Feed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    return calendar.to_ical()
