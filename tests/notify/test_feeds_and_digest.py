"""Calendar feeds read by the `icalendar` library, and the weekly digest from the one plan."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from icalendar import Calendar

from rashinban.nextsteps import plan_for
from rashinban.notify.jobs import scan
from rashinban.notify.models import Feed
from rashinban.orgs.actions import revoke_membership
from rashinban.orgs.models import Membership
from tests.conftest import login


def make_feed(client, org, company: bool = False) -> str:  # type: ignore[no-untyped-def]
    data = {"company": "1"} if company else {}
    page = client.post(reverse("notify:feed_create", args=[org.pk]), data).content.decode()
    return re.search(r'<code id="feed-url">(http[^<]+)</code>', page).group(1)  # type: ignore[union-attr]


def events_of(client, url: str) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {
        str(e["uid"]): (e.decoded("dtstart"), str(e["summary"]), e.decoded("dtend")) for e in calendar.walk("VEVENT")
    }


@pytest.mark.django_db
def test_a_persons_feed_has_their_steps_on_the_plans_dates(client, alice, bob, org_a):
    login(client, alice)
    url = make_feed(client, org_a)
    assert "/feeds/" in url and url.endswith(".ics")
    found = events_of(client, url)
    plan = plan_for(org_a)
    mine = plan.for_person(alice.pk)
    assert mine, "a new company has steps for its owner"
    expected = {f"step-{s.id}-{org_a.pk}@rashinban": (s.due, s.title_in("ja")) for s in mine}
    assert {uid: (start, summary) for uid, (start, summary, _end) in found.items()} == expected
    assert all(end - start == timedelta(days=1) for start, _s, end in found.values())  # all-day events
    assert events_of(client, url).keys() == found.keys()  # stable UIDs: a calendar updates, never duplicates
    # The token is kept only as a hash; the page never shows the address again.
    token = url.rsplit("/", 1)[1][: -len(".ics")]
    assert not Feed.objects.filter(token_hash=token).exists()
    assert token not in client.get(reverse("notify:settings", args=[org_a.pk])).content.decode()


@pytest.mark.django_db
def test_feed_follows_the_persons_language(client, alice, org_a):
    alice.language = "en"
    alice.save()
    login(client, alice)
    found = events_of(client, make_feed(client, org_a))
    titles = {s.id: s.title_in("en") for s in plan_for(org_a).for_person(alice.pk)}
    assert sorted(summary for _d, summary, _e in found.values()) == sorted(titles.values())


@pytest.mark.django_db
def test_revoked_or_replaced_feed_stops_working(client, alice, org_a):
    login(client, alice)
    first = make_feed(client, org_a)
    second = make_feed(client, org_a)
    assert client.get(urlsplit(first).path).status_code == 404
    assert client.get(urlsplit(second).path).status_code == 200
    client.post(reverse("notify:feed_revoke", args=[org_a.pk]))
    assert client.get(urlsplit(second).path).status_code == 404


@pytest.mark.django_db
def test_company_feed_is_for_owners_and_has_everyones_steps(client, alice, bob, org_a):
    login(client, bob)
    response = client.post(reverse("notify:feed_create", args=[org_a.pk]), {"company": "1"})
    assert response.status_code == 403
    login(client, alice)
    url = make_feed(client, org_a, company=True)
    found = events_of(client, url)
    plan = plan_for(org_a)
    assert {f"step-{s.id}-{org_a.pk}@rashinban" for s in plan.steps} == set(found)


@pytest.mark.django_db
def test_feed_of_someone_who_left_stops(client, alice, bob, org_a):
    login(client, bob)
    url = make_feed(client, org_a)
    assert client.get(urlsplit(url).path).status_code == 200
    revoke_membership(Membership.objects.get(user=bob, organisation=org_a))
    assert client.get(urlsplit(url).path).status_code == 404


@pytest.mark.django_db
def test_weekly_digest_on_monday_morning_once_per_person(alice, org_a, mailserver):
    monday_9 = datetime(2026, 4, 6, 0, 0, tzinfo=UTC)  # 9:00 in Tokyo, a Monday
    plan = plan_for(org_a, monday_9.date())
    week = plan.this_week(alice.pk)
    scan(org_a, monday_9 - timedelta(hours=2))  # 7:00: not yet
    assert not [m for m in mailserver.messages if "今週" in m["Subject"]]
    scan(org_a, monday_9)
    scan(org_a, monday_9 + timedelta(hours=1))  # the hourly scan again: no second digest
    digests = [m for m in mailserver.messages if "今週" in m["Subject"]]
    assert week, "a new company's owner has steps this week"
    [digest] = digests
    text = mailserver.text(digest)
    assert all(step.title_in("ja") in text for step in week)  # the plan's steps, in its order and words
    assert "https://rashinban.example/o/" in text


@pytest.mark.django_db
def test_overdue_steps_are_announced_once_to_their_person(alice, org_a, mailserver):
    from rashinban.planning.models import Gate, Initiative

    initiative = Initiative.objects.create(organisation=org_a, title="受注入力の試行", stage="poc")
    Gate.objects.create(organisation=org_a, initiative=initiative, decide_by=date(2026, 5, 1))
    later = datetime(2026, 5, 12, 3, 0, tzinfo=UTC)  # a Tuesday, after the PoC decision date
    overdue = plan_for(org_a, later.date()).overdue()
    assert [s.id for s in overdue if s.id.startswith("plan:gate:")]
    scan(org_a, later)
    scan(org_a, later + timedelta(hours=1))
    announced = [m for m in mailserver.messages if "期限" in m["Subject"]]
    assert len(announced) == len(overdue)
    assert all(m["To"] == "alice@a.example" for m in announced)
    assert any("受注入力の試行" in m["Subject"] for m in announced)
