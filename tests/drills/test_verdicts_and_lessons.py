"""Stored verdicts drive everything: a press is judged as it arrives, the lesson follows the verdict (a verdict
that changes with later evidence withdraws or adds it), image loads and fetches are judged by the catch-up."""

from __future__ import annotations

from datetime import timedelta
from ipaddress import ip_network

import pytest
from django.utils import timezone

from rashinban.drills import actions, verdicts
from rashinban.drills.jobs import classify_new_hits
from rashinban.drills.models import Drill, DrillStatus, Event, KnownScanner, Recipient, Verdict
from rashinban.orgs.choices import Role
from rashinban.training.models import Assignment
from tests.conftest import add_member, login, make_user
from tests.drills.conftest import planned, verified

pytestmark = pytest.mark.django_db
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile Safari/604.1"
OLD_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/101.0.4951.54 Safari/537.36"
TAP = "js=1&f=900&t=6200&m=0&j=0&d=85&c=0&i=t&tr=1&wd=0&p=1"  # a person read for six seconds and tapped
ROBOT = "js=1&f=200&t=300&m=1&j=0&d=1&c=1&i=m&tr=1&wd=0&p=1"  # Playwright's click: at once, dead centre


def sent(drill: Drill, email: str, minutes_ago: int = 10) -> str:
    """Mark the recipient's mail as delivered some minutes ago; returns its link token."""
    raw, token_hash = actions.new_link_token()
    Recipient.objects.filter(drill=drill, email=email).update(
        token_hash=token_hash, sent_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    Drill.objects.filter(pk=drill.pk).update(status=DrillStatus.RUNNING, confirmed_at=timezone.now())
    return raw


@pytest.fixture
def drill(org_a, alice, bob):  # type: ignore[no-untyped-def]
    verified(org_a)
    return planned(org_a, alice)


def press(client, path: str, query: str, ip: str = "198.51.100.7", agent: str = PHONE):  # type: ignore[no-untyped-def]
    return client.post(f"{path}?{query}", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


def verdict(email: str) -> Verdict:
    return Verdict.objects.get(recipient__email=email)


def test_a_persons_press_counts_and_assigns_the_lesson_at_once(client, drill, bob):
    token = sent(drill, "bob@a.example")
    client.get(f"/d/c/{token}/", REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT=PHONE)
    press(client, f"/d/c/{token}/", TAP)
    assert verdict("bob@a.example").clicked and verdict("bob@a.example").clicks == 1
    assignment = Assignment.objects.get(user=bob)
    assert verdict("bob@a.example").assignment == assignment and assignment.lesson_id == drill.lesson_id
    page = client.get(f"/d/t/{token}/")
    assert b'id="assigned-lesson"' in page.content
    stored = Event.objects.get(kind="clicked")
    assert (stored.ip, stored.user_agent, stored.signals["press_ms"], stored.signals["input"]) == (
        "198.51.100.7", PHONE, 85, "touch")  # fmt: skip


def test_a_sandbox_pressing_every_button_gets_no_click_no_report_no_lesson(client, drill, bob):
    token = sent(drill, "bob@a.example", minutes_ago=1)
    for path in (f"/d/c/{token}/", f"/d/s/{token}/", f"/d/r/{token}/"):
        press(client, path, ROBOT, ip="192.0.2.44", agent=OLD_CHROME)
    v = verdict("bob@a.example")
    assert (v.clicked, v.submitted, v.reported, v.set_aside) == (False, False, False, 3)
    assert not Assignment.objects.filter(user=bob).exists()
    assert b'id="assigned-lesson"' not in client.get(f"/d/t/{token}/").content


def test_a_known_scanner_network_is_set_aside_whatever_its_page_signals(client, drill, bob):
    token = sent(drill, "bob@a.example")
    press(client, f"/d/c/{token}/", TAP, ip="40.94.89.23", agent=OLD_CHROME)
    assert not verdict("bob@a.example").clicked and verdict("bob@a.example").reasons[0]["code"] == "known_scanner"


def test_behind_a_reverse_proxy_the_forwarded_address_is_judged(client, drill, settings):
    settings.TRUSTED_PROXY_NETWORKS = [ip_network("10.0.0.0/8")]
    token = sent(drill, "bob@a.example")
    client.post(f"/d/c/{token}/?{TAP}", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 40.107.1.2",
                HTTP_USER_AGENT=PHONE)  # fmt: skip
    assert Event.objects.get().ip == "40.107.1.2" and not verdict("bob@a.example").clicked


def test_a_verdict_changed_by_later_evidence_withdraws_and_adds_the_lesson(client, drill, org_a, alice, bob):
    token = sent(drill, "bob@a.example")
    press(client, f"/d/c/{token}/", TAP, ip="198.18.0.5")
    assert Assignment.objects.filter(user=bob).exists()

    # The company tells us 198.18.0.0/15 is its mail gateway's sandbox: the click was the gateway's.
    login(client, alice)
    response = client.post(f"/o/{org_a.id}/drills/scanners/", {"name": "自社のゲートウェイ",
                           "networks": "198.18.0.0/15", "user_agents": "", "note": ""})  # fmt: skip
    assert response.status_code == 302
    assert not verdict("bob@a.example").clicked and not Assignment.objects.filter(user=bob).exists()

    # Removed again: the click is the person's after all, and the lesson comes back.
    client.post(f"/o/{org_a.id}/drills/scanners/{KnownScanner.objects.get().pk}/delete/")
    assert verdict("bob@a.example").clicked and Assignment.objects.filter(user=bob, completed_at=None).exists()


def test_a_lesson_already_taken_is_never_withdrawn(client, drill, org_a, bob):
    token = sent(drill, "bob@a.example")
    press(client, f"/d/c/{token}/", TAP, ip="198.18.0.5")
    Assignment.objects.filter(user=bob).update(completed_at=timezone.now(), score_percent=100)
    actions.add_known_scanner(org_a, {"name": "gw", "networks": "198.18.0.0/15", "user_agents": "", "note": ""})
    assert not verdict("bob@a.example").clicked
    assert Assignment.objects.get(user=bob).completed_at is not None


def test_a_lesson_another_drill_still_needs_stays(client, org_a, alice, bob, drill):
    second = planned(org_a, alice)
    first_token, second_token = sent(drill, "bob@a.example"), sent(second, "bob@a.example")
    press(client, f"/d/c/{first_token}/", TAP, ip="198.18.0.5")
    press(client, f"/d/c/{second_token}/", TAP, ip="203.0.113.9")
    assert Assignment.objects.filter(user=bob).count() == 1  # one open lesson per person and lesson
    actions.add_known_scanner(org_a, {"name": "gw", "networks": "198.18.0.0/15", "user_agents": "", "note": ""})
    assert not Verdict.objects.get(drill=drill).clicked and Verdict.objects.get(drill=second).clicked
    assert Assignment.objects.filter(user=bob, completed_at=None).exists()


def test_image_loads_and_fetches_are_judged_by_the_catch_up(client, drill):
    token = sent(drill, "bob@a.example")
    client.get(
        f"/d/o/{token}/", REMOTE_ADDR="66.249.84.9", HTTP_USER_AGENT="Mozilla/5.0 (via ggpht.com GoogleImageProxy)"
    )
    client.get(f"/d/o/{token}/", REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT="Microsoft Outlook 16.0")
    assert not Verdict.objects.exists() and verdicts.waiting(Drill.objects.get(pk=drill.pk))
    assert classify_new_hits() == 1
    v = verdict("bob@a.example")
    assert (v.opened, v.clicked, v.set_aside) == (True, False, 1)
    assert not verdicts.waiting(Drill.objects.get(pk=drill.pk)) and classify_new_hits() == 0


def test_a_report_from_the_mailbox_counts_and_is_never_a_click(drill, bob):
    sent(drill, "bob@a.example")
    actions.record_mailbox_report(Recipient.objects.get(email="bob@a.example"))
    v = verdict("bob@a.example")
    assert (
        v.reported
        and not v.clicked
        and v.reasons
        == [{"code": "report_mailbox", "event": "report", "status": "counted", "seconds": pytest.approx(600, abs=5)}]
    )


def test_the_owners_test_mail_is_never_judged(client, drill, alice):
    test = Recipient.objects.create(organisation=drill.organisation, drill=drill, user=alice, email=alice.email,
                                    is_test=True, sent_at=timezone.now() - timedelta(minutes=10))  # fmt: skip
    raw, token_hash = actions.new_link_token()
    Recipient.objects.filter(pk=test.pk).update(token_hash=token_hash)
    press(client, f"/d/c/{raw}/", TAP)
    assert not Verdict.objects.exists() and not Assignment.objects.filter(user=alice).exists()


def test_a_member_without_an_account_is_judged_without_a_lesson(client, org_a, alice):
    verified(org_a)
    carl = make_user("carl@a.example", "Carl")
    add_member(carl, org_a, Role.MEMBER)
    drill = planned(org_a, alice)
    token = sent(drill, "carl@a.example")
    Recipient.objects.filter(email="carl@a.example").update(user=None)
    press(client, f"/d/c/{token}/", TAP)
    assert verdict("carl@a.example").clicked and not Assignment.objects.exists()


def test_a_person_who_uses_the_page_and_leaves_has_clicked(client, drill, bob):
    """The page's beacon when someone reads, moves the pointer and closes the tab without pressing."""
    token = sent(drill, "bob@a.example")
    client.get(f"/d/c/{token}/", REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT=PHONE)
    response = press(client, f"/d/b/{token}/", "js=1&f=700&t=9000&m=25&j=0&c=0&i=&tr=1&wd=0&p=0", ip="203.0.113.5")
    assert response.status_code == 204
    v = verdict("bob@a.example")
    assert v.clicked and Event.objects.get(kind="clicked").signals["pressed"] is False
    assert "left the page after using it, without pressing" in v.words_en
    assert Assignment.objects.filter(user=bob).exists()


def test_signals_are_bounded_and_whitelisted(client, drill):
    token = sent(drill, "bob@a.example")
    press(client, f"/d/c/{token}/", "js=1&t=99999999999&m=5000000&i=zz&password=hunter2&wd=yes&d=-4")
    stored = Event.objects.get(kind="clicked").signals
    assert stored == {"moves": 100_000, "trusted": True, "webdriver": False, "pressed": True, "centred": False,
                      "input": ""}  # fmt: skip
    assert "hunter2" not in str(Event.objects.values_list("signals", "user_agent"))
