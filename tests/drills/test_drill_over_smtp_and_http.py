"""A whole drill: real mail to a local SMTP server, links followed over real HTTP against the live server."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db.models import F

from rashinban.drills import actions, readout, results, verdicts
from rashinban.drills.models import Drill, DrillStatus, Event, Recipient
from rashinban.orgs.choices import Role
from rashinban.training.models import Assignment, Reason
from tests.conftest import add_member, make_user
from tests.drills.conftest import deliver_all, planned, server_settings, verified

pytestmark = pytest.mark.django_db(transaction=True)


BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile Safari/604.1"
# What drill-beacon.js adds to a press by a person who read for six seconds and tapped the button.
A_PERSONS_TAP = "?js=1&f=900&t=6200&m=0&j=0&d=85&c=0&i=t&tr=1&wd=0&p=1"


def http(url: str, method: str = "GET", data: bytes | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, method=method, headers={"User-Agent": BROWSER})
    with urllib.request.urlopen(request, timeout=10) as response:  # follows redirects
        return response.status, response.read().decode("utf-8", "replace")


@pytest.fixture
def live(live_server, settings) -> str:
    settings.BASE_URL = live_server.url
    return live_server.url


def test_click_report_results_and_lesson(live, org_a, alice, bob, smtp):
    inbox, port = smtp
    dan = make_user("dan@a.example", "Dan")
    add_member(dan, org_a, Role.MEMBER)
    verified(org_a)
    server_settings(org_a, port)
    drill = planned(org_a, alice, open_pixel=True)

    actions.send_test(drill, alice)
    assert [m["To"] for m in inbox.messages] == ["alice@a.example"]
    assert actions.confirm_drill(Drill.objects.get(pk=drill.pk), alice, True) == 3
    deliver_all()
    assert Drill.objects.get(pk=drill.pk).status == DrillStatus.FINISHED
    # People read their mail minutes later, not within the seconds after delivery that scanners take.
    Recipient.objects.filter(drill=drill).update(sent_at=F("sent_at") - timedelta(minutes=5))

    bob_mail, dan_mail = inbox.to("bob@a.example")[0], inbox.to("dan@a.example")[0]
    assert bob_mail["Subject"].strip() == "【システム通知】パスワードの有効期限が近づいています"
    assert bob_mail["X-Rashinban-Drill"] == str(drill.pk)
    assert "Bob" in inbox.text(bob_mail)
    assert 'src="' + live in bob_mail.get_body(preferencelist=("html",)).get_content()  # the open pixel
    bob_links, dan_links = inbox.links(bob_mail), inbox.links(dan_mail)
    assert urlsplit(bob_links["c"]).path != urlsplit(dan_links["c"]).path

    # Bob: the bare link (what a scanner also does), then 「続行」 (a person), then the fake form.
    status, page = http(bob_links["c"])
    assert status == 200 and 'id="continue"' in page
    status, page = http(bob_links["c"] + A_PERSONS_TAP, "POST", b"")
    assert 'id="lure-form"' in page and 'name="' not in page.split('id="lure-form"')[1].split("</form>")[0]
    status, page = http(bob_links["c"].replace("/d/c/", "/d/s/") + A_PERSONS_TAP, "POST", b"")
    assert status == 200 and 'id="teach"' in page and "メールのリンクからログインさせようとしている" in page
    assert 'id="assigned-lesson"' in page  # the verdict counted the click before the page was drawn

    # Dan reports: the link asks first (a scanner's GET records nothing), the button reports.
    status, page = http(dan_links["r"])
    assert Event.objects.filter(kind="reported").count() == 0
    http(dan_links["r"] + A_PERSONS_TAP, "POST", b"")

    lesson = Assignment.objects.get(user=bob)
    assert (lesson.lesson_id, lesson.reason) == ("fake-login", Reason.DRILL)
    assert not Assignment.objects.filter(user=dan).exists()

    verdicts.catch_up(drill)
    result = results.summarise(readout.people(drill))
    assert (result.rates.sent, result.rates.clicked, result.rates.submitted, result.rates.reported) == (3, 1, 1, 1)
    assert result.first_report_after is not None
    stored = Event.objects.get(recipient__email="bob@a.example", kind="clicked")
    assert stored.ip == "127.0.0.1" and stored.user_agent == BROWSER and stored.signals["ms_to_press"] == 6200


def test_unknown_token_is_404_and_stores_nothing(live, org_a):
    for path in ("/d/c/nope/", "/d/t/nope/", "/d/r/nope/"):
        with pytest.raises(urllib.error.HTTPError) as caught:
            http(live + path)
        assert caught.value.code == 404
    assert http(live + "/d/o/nope/")[0] == 200  # the pixel always answers
    assert not Event.objects.exists()
