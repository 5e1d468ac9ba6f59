"""A whole drill: real mail to a local SMTP server, links followed over real HTTP against the live server."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from rashinban.drills import actions, results
from rashinban.drills.models import Drill, DrillStatus, Event
from rashinban.orgs.choices import Role
from rashinban.training.models import Assignment, Reason
from tests.conftest import add_member, make_user
from tests.drills.conftest import deliver_all, planned, server_settings, verified

pytestmark = pytest.mark.django_db(transaction=True)


def http(url: str, method: str = "GET", data: bytes | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, method=method)
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
    status, page = http(bob_links["c"], "POST", b"")
    assert 'id="lure-form"' in page and 'name="' not in page.split('id="lure-form"')[1].split("</form>")[0]
    status, page = http(bob_links["c"].replace("/d/c/", "/d/s/"), "POST", b"")
    assert status == 200 and 'id="teach"' in page and "メールのリンクからログインさせようとしている" in page

    # Dan reports: the link asks first (a scanner's GET records nothing), the button reports.
    status, page = http(dan_links["r"])
    assert Event.objects.filter(kind="reported").count() == 0
    http(dan_links["r"], "POST", b"")

    lesson = Assignment.objects.get(user=bob)
    assert (lesson.lesson_id, lesson.reason) == ("fake-login", Reason.DRILL)
    assert not Assignment.objects.filter(user=dan).exists()

    summary = results.summarise(actions.drill_mails(drill))
    by_name = {p.name: p for p in summary.people}
    # Everything here happened within seconds of delivery, so it is labelled a possible scan...
    assert summary.automated >= 1
    assert by_name["Dan"].reported  # ...but a report always counts
    assert summary.rates.sent == 3 and summary.rates.reported == 1 and summary.first_report_after is not None


def test_unknown_token_is_404_and_stores_nothing(live, org_a):
    for path in ("/d/c/nope/", "/d/t/nope/", "/d/r/nope/"):
        with pytest.raises(urllib.error.HTTPError) as caught:
            http(live + path)
        assert caught.value.code == 404
    assert http(live + "/d/o/nope/")[0] == 200  # the pixel always answers
    assert not Event.objects.exists()
