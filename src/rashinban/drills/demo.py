"""Drill data for `demo --scale`: about one finished drill per company in three, written in bulk."""

from __future__ import annotations

import hashlib
import random
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from rashinban.drills.lures import builtin_lures
from rashinban.drills.models import Drill, DrillStatus, Event, EventKind, Recipient
from rashinban.drills.simulate import DESKTOP_UA, OFFICE_NET, PHONE_NET, PHONE_UA
from rashinban.orgs.models import Organisation, User

SHARE_WITH_DRILL = 0.35  # companies that ran a drill in the generated two years
CLICK_RATE = 0.15  # people who pressed on: about what first drills in Japanese SMEs report
REPORT_RATE = 0.1


def seed_at_scale(
    companies: Sequence[tuple[Organisation, list[User]]], rng: random.Random, now: datetime
) -> tuple[int, int, int]:
    """For each company picked: a finished drill from a built-in lure to all its people, their `sent` events and
    the hits of those who clicked or reported. Verdicts are left to the worker (classified_upto = 0), as after a
    real drill. Returns (drills, recipients, events)."""
    lures = builtin_lures().lures
    picked = [(org, people) for org, people in companies if rng.random() < SHARE_WITH_DRILL]
    drills = []
    for org, people in picked:
        lure = rng.choice(lures)
        text = lure.ja
        start = now - timedelta(days=rng.randint(7, 600), hours=rng.randint(0, 8))
        drills.append(
            Drill(
                organisation=org, name=text.name, sender_name=text.sender_name,
                from_address=f"info@drill-{org.pk}.example.com", subject=text.subject, body=text.body,
                signs=list(text.signs), lesson_id=lure.lesson, has_form=lure.form, window_start=start,
                window_end=start + timedelta(hours=4), status=DrillStatus.FINISHED, created_by=people[0],
                created_at=start - timedelta(days=2), confirmed_at=start - timedelta(days=1), confirmed_by=people[0],
            )
        )  # fmt: skip
    Drill.objects.bulk_create(drills, batch_size=500)
    recipients = []
    for drill, (org, people) in zip(drills, picked, strict=True):
        for i, person in enumerate(people):
            sent = drill.window_start + timedelta(minutes=i)
            # Random tokens from `secrets`, hashed: nobody can recompute a generated drill's links from the seed.
            token = hashlib.sha256(secrets.token_bytes(32)).hexdigest()
            recipients.append(
                Recipient(
                    organisation=org,
                    drill=drill,
                    user=person,
                    email=person.email,
                    token_hash=token,
                    scheduled_at=sent,
                    sent_at=sent,
                )  # fmt: skip
            )
    Recipient.objects.bulk_create(recipients, batch_size=1000)
    events = []
    for recipient in recipients:
        common = {"organisation_id": recipient.organisation_id, "drill_id": recipient.drill_id, "recipient": recipient}
        events.append(Event(kind=EventKind.SENT, at=recipient.sent_at, **common))
        roll = rng.random()
        if roll < CLICK_RATE:
            at = recipient.sent_at + timedelta(minutes=rng.randint(2, 180))
            phone = rng.random() < 0.3
            ip = (PHONE_NET if phone else OFFICE_NET).format(rng.randint(1, 254))
            agent = PHONE_UA if phone else DESKTOP_UA
            events.append(Event(kind=EventKind.LINK, at=at, ip=ip, user_agent=agent, **common))
            events.append(Event(kind=EventKind.CLICKED, at=at + timedelta(seconds=rng.randint(3, 40)), ip=ip,
                                user_agent=agent, **common))  # fmt: skip
        elif roll < CLICK_RATE + REPORT_RATE:
            at = recipient.sent_at + timedelta(minutes=rng.randint(2, 180))
            events.append(Event(kind=EventKind.REPORTED, at=at, signals={"channel": "mailbox"}, **common))
    Event.objects.bulk_create(events, batch_size=1000)
    return len(drills), len(recipients), len(events)
