"""What the owner sees: each person's verdict with its reasons, the hits set aside, how unreliable opens are,
clicks, reports, repeat clicks and forwards; the exports; the same number of queries at any number of hits."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rashinban.drills import classify, eventstream, verdicts
from rashinban.drills.models import Drill, DrillStatus, Event, Recipient, Verdict
from rashinban.drills.scanners import builtin_scanners
from rashinban.orgs.choices import Role
from tests.conftest import add_member, login, make_user
from tests.drills.conftest import planned, verified
from tests.drills.test_verdicts_and_lessons import OLD_CHROME, PHONE, ROBOT, TAP, press, sent

pytestmark = pytest.mark.django_db
DESK = "js=1&f=400&t=7400&m=46&j=1&d=104&c=0&i=m&tr=1&wd=0&p=1"
MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/18.1 Safari/605.1.15"


@pytest.fixture
def played(client, org_a, alice, bob):  # type: ignore[no-untyped-def]
    """A drill to alice, bob and dan: bob clicks twice and forwards it, dan reports, a sandbox visits alice."""
    dan = make_user("dan@a.example", "=Dan")  # a name that would be a formula in a spreadsheet
    add_member(dan, org_a, Role.MEMBER)
    verified(org_a)
    drill = planned(org_a, alice, open_pixel=True)
    tokens = {email: sent(drill, email) for email in ("alice@a.example", "bob@a.example", "dan@a.example")}
    for path in ("c", "s", "r"):
        press(client, f"/d/{path}/{tokens['alice@a.example']}/", ROBOT, ip="40.94.89.23", agent=OLD_CHROME)
    client.get(f"/d/o/{tokens['alice@a.example']}/", REMOTE_ADDR="66.249.84.9", HTTP_USER_AGENT="GoogleImageProxy")
    press(client, f"/d/c/{tokens['bob@a.example']}/", DESK, ip="203.0.113.5", agent=OLD_CHROME)
    press(client, f"/d/c/{tokens['bob@a.example']}/", DESK, ip="203.0.113.5", agent=OLD_CHROME)
    press(client, f"/d/c/{tokens['bob@a.example']}/", DESK, ip="203.0.113.77", agent=MAC)  # a colleague
    press(client, f"/d/r/{tokens['dan@a.example']}/", TAP)
    return drill


def test_the_owner_sees_verdicts_with_reasons_and_what_was_set_aside(client, org_a, alice, played):
    login(client, alice)
    page = client.get(f"/o/{org_a.id}/drills/{played.pk}/").content.decode()
    assert 'id="click-count">1<' in page and 'id="report-count">1<' in page
    assert "Apple" in page and 'id="opens-note"' in page  # opens are called unreliable, and why
    assert 'id="set-aside"' in page
    bob_row = page.split('data-person="Bob"')[1].split("</tr>")[0]
    assert "✔ ×2" in bob_row and 'class="forwarded">✔' in bob_row
    alice_row = page.split('data-person="Alice"')[1].split("</tr>")[0]
    assert 'class="set-aside">4<' in alice_row and "Microsoft Defender for Office 365" in alice_row
    only_forwarded = client.get(f"/o/{org_a.id}/drills/{played.pk}/?only=forwarded").content.decode()
    assert 'data-person="Bob"' in only_forwarded and 'data-person="Alice"' not in only_forwarded


def test_members_see_nobodys_verdict_nor_a_small_groups_figures(client, org_a, bob, played):
    # Three people were mailed: below the group of five a member sees no figures either (results.figures_shown).
    login(client, bob)
    page = client.get(f"/o/{org_a.id}/drills/{played.pk}/").content.decode()
    assert 'id="results"' in page and 'id="report-rate"' not in page
    assert 'id="people"' not in page and "data-person" not in page
    assert client.get(f"/o/{org_a.id}/drills/{played.pk}/events.jsonl").status_code == 403
    assert client.get(f"/o/{org_a.id}/drills/{played.pk}/results.csv").status_code == 403


def test_the_event_export_judged_again_gives_the_stored_verdicts(client, org_a, alice, played):
    verdicts.catch_up(played)
    login(client, alice)
    response = client.get(f"/o/{org_a.id}/drills/{played.pk}/events.jsonl")
    assert response["Content-Type"].startswith("application/x-ndjson")
    body = b"".join(response.streaming_content)
    lines = body.decode().splitlines()
    assert json.loads(lines[0])["event"] == "delivered" and all('"sent"' not in line for line in lines)
    streams = eventstream.parse_lines(enumerate(body.splitlines(), 1), "export.jsonl")
    again = {o.recipient: o for o in classify.classify(streams, builtin_scanners())}
    for v in Verdict.objects.select_related("recipient"):
        o = again[v.recipient.email]
        assert (o.opened, o.clicked, o.reported, o.forwarded, o.clicks, o.set_aside) == (
            v.opened, v.clicked, v.reported, v.forwarded, v.clicks, v.set_aside), v.recipient.email  # fmt: skip


def test_the_results_csv_has_every_person_and_neutralised_cells(client, org_a, alice, played):
    verdicts.catch_up(played)
    login(client, alice)
    response = client.get(f"/o/{org_a.id}/drills/{played.pk}/results.csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    by_email = {row[1]: row for row in rows[1:]}
    assert set(by_email) == {"alice@a.example", "bob@a.example", "dan@a.example"}
    assert by_email["dan@a.example"][0] == "'=Dan" and by_email["dan@a.example"][5] == "1"
    assert by_email["bob@a.example"][3:8] == ["1", "0", "0", "1", "2"]
    assert "Defender" in by_email["alice@a.example"][9]


def _big_drill(org, owner, people: int, hits_each: int) -> Drill:  # type: ignore[no-untyped-def]
    drill = planned(org, owner)
    Drill.objects.filter(pk=drill.pk).update(status=DrillStatus.FINISHED, confirmed_at=timezone.now())
    base = timezone.now() - timedelta(hours=2)
    recipients = Recipient.objects.bulk_create(
        Recipient(organisation=org, drill=drill, email=f"p{i}@a.example", sent_at=base) for i in range(people)
    )
    Event.objects.bulk_create(
        Event(organisation=org, drill=drill, recipient=r, kind=kind, at=base + timedelta(minutes=5 + n), ip="40.107.1.1",
              user_agent=OLD_CHROME) for r in recipients for n, kind in enumerate((["opened", "link"] * 9)[:hits_each])
    )  # fmt: skip
    verdicts.catch_up(drill)
    return drill


def test_pages_make_the_same_queries_at_any_number_of_hits(client, org_a, alice):
    verified(org_a)
    login(client, alice)
    counts = []
    for people, hits in ((2, 2), (60, 12)):
        drill = _big_drill(org_a, alice, people, hits)
        with CaptureQueriesContext(connection) as detail:
            assert client.get(f"/o/{org_a.id}/drills/{drill.pk}/").status_code == 200
        with CaptureQueriesContext(connection) as listing:
            assert client.get(f"/o/{org_a.id}/drills/").status_code == 200
        counts.append((len(detail), len(listing)))
    assert counts[0] == counts[1], counts


def test_known_scanners_page_shows_sources_and_refuses_a_bad_network(client, org_a, alice):
    login(client, alice)
    page = client.get(f"/o/{org_a.id}/drills/scanners/").content.decode()
    assert "learn.microsoft.com" in page and "2026-12-05" in page
    response = client.post(f"/o/{org_a.id}/drills/scanners/", {"name": "x", "networks": "10.0.0.0/8\n10.0.0.300/8"})
    assert response.status_code == 200 and "10.0.0.300/8" in response.content.decode()
    assert not org_a.drill_scanners.exists()
    empty = client.post(f"/o/{org_a.id}/drills/scanners/", {"name": "x", "networks": "", "user_agents": ""})
    assert empty.status_code == 200 and not org_a.drill_scanners.exists()


def test_a_phone_person_and_a_sandbox_side_by_side_in_the_timeline(client, org_a, alice, played):
    login(client, alice)
    page = client.get(f"/o/{org_a.id}/drills/{played.pk}/").content.decode()
    timeline = page.split('id="timeline"')[1].split("</table>")[0]
    rows = [[int(n) for n in re.findall(r"<td>(\d+)</td>", row)] for row in timeline.split("<tr>")[2:]]
    assert [sum(column) for column in zip(*rows, strict=True)] == [3, 1, 1]  # sent, first clicks, first reports
    assert PHONE not in page  # no user agent or address on the page; they are in the owner's export


@pytest.mark.parametrize(
    ("stored", "iso"),
    [
        ("2026-04-01 08:00:00.120000", "2026-04-01T08:00:00.120000+00:00"),  # SQLite
        ("2026-04-01 08:00:00", "2026-04-01T08:00:00+00:00"),
        ("2026-04-01 08:00:00.12+00", "2026-04-01T08:00:00.12+00:00"),  # PostgreSQL in UTC
        ("2026-04-01T08:00:00+00:00", "2026-04-01T08:00:00+00:00"),
    ],
)
def test_stored_times_are_exported_with_their_offset(stored, iso):
    from datetime import datetime

    from rashinban.drills.readout import utc_text

    assert utc_text(stored) == iso and datetime.fromisoformat(iso).utcoffset().total_seconds() == 0


def test_downloads_are_named_for_people(client, org_a, alice, played):
    login(client, alice)
    response = client.get(f"/o/{org_a.id}/drills/{played.pk}/results.csv")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    from urllib.parse import unquote

    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
    assert name.startswith("A商事_訓練の結果_4月の訓練_") and name.endswith(".csv")
