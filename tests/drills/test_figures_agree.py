"""The figures the pages show are counted by the database (`readout.figures`); they must equal what the pure
reference (`results.summarise` over every person's row) counts, on a drill of simulated people and scanners."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import pytest
from django.utils import timezone

from rashinban.drills import readout, results, simulate, verdicts
from rashinban.drills.models import Drill, DrillStatus, Event, Recipient
from rashinban.drills.verdicts import STREAM_EVENT
from rashinban.landscape.models import MemberProfile
from rashinban.orgs.choices import Role
from tests.conftest import add_member, make_user

pytestmark = pytest.mark.django_db
KIND = {v: k for k, v in STREAM_EVENT.items()}


def simulated_drill(org, owner, people: int) -> Drill:  # type: ignore[no-untyped-def]
    now = timezone.now()
    drill = Drill.objects.create(
        organisation=org, name="sim", sender_name="x", from_address="x@a.example", subject="s", body="{{link}}",
        lesson_id="targeted-mail", window_start=now, window_end=now, status=DrillStatus.FINISHED, confirmed_at=now,
    )  # fmt: skip
    crowd = simulate.drill(people, seed=5, start=now - timedelta(days=1), peak=False)
    users = []
    for n in range(people):
        user = make_user(f"u{n}@a.example", f"U{n}")
        add_member(user, org, Role.MEMBER)
        if n % 3:
            MemberProfile.objects.create(organisation=org, user=user, department="営業" if n % 3 == 1 else "経理")
        users.append(user)
    for person, user in zip(crowd, users, strict=True):
        recipient = Recipient.objects.create(organisation=org, drill=drill, user=user, email=user.email,
                                             sent_at=person.delivered_at)  # fmt: skip
        Event.objects.bulk_create(
            Event(organisation=org, drill=drill, recipient=recipient, kind=KIND[h.event], at=h.at, ip=h.ip or None,
                  user_agent=h.user_agent, signals={"channel": "mailbox"} if h.channel == "mailbox" else
                  (asdict(h.signals) if h.signals else None))
            for h in person.hits
        )  # fmt: skip
    Recipient.objects.create(organisation=org, drill=drill, email="later@a.example")  # not sent yet
    verdicts.catch_up(drill)
    return drill


def test_database_figures_equal_the_pure_reference(org_a, alice):
    drill = simulated_drill(org_a, alice, 40)
    reference = results.summarise(readout.people(drill))
    counted = readout.figures(drill)
    assert counted.rates == reference.rates and counted.rates.sent == 40
    assert (counted.first_report_after, counted.set_aside, counted.forwarded, counted.repeat) == (
        reference.first_report_after, reference.set_aside, reference.forwarded, reference.repeat)  # fmt: skip
    hours = lambda timeline: [(slot.astimezone(timezone.get_current_timezone()).replace(minute=0, second=0,  # noqa: E731
                               microsecond=0), counts) for slot, counts in timeline]  # fmt: skip
    assert dict(hours(counted.timeline)) == dict(hours(reference.timeline))
    assert readout.departments(drill) == results.by_department(readout.people(drill))
    assert counted.rates.clicked > 0 and counted.rates.reported > 0 and counted.set_aside > 0


def test_a_company_without_departments_gets_one_group(org_a, alice):
    drill = simulated_drill(org_a, alice, 6)
    MemberProfile.objects.all().delete()
    (group,) = readout.departments(drill)
    assert group.department == "" and group.size == 6 and group.rates == readout.figures(drill).rates
