"""Drills and training in a real browser: verify a domain, build a drill from a template, run it against a local
SMTP server, click as one recipient, report as another, see the results and the lesson the clicker got."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import F
from django.test import Client
from django.utils import timezone

from rashinban.drills.models import Domain, Recipient
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Organisation
from rashinban.training.models import Assignment
from tests.conftest import add_member, login, make_user
from tests.drills.conftest import TOKEN, ZONE, Inbox, deliver_all
from tests.e2e.drill_people import IPHONE, browser_page, person_presses
from tests.evidence.dns_server import start_dns_server
from tests.tasks.test_refused_mail_is_a_visible_failure import free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def peers(settings):  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller

    address, servers = start_dns_server(ZONE)
    settings.DRILLS_DNS_NAMESERVER = address
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()
    for server in servers:
        server.stop()


def signed_in(new_context, live_url, user, **options):  # type: ignore[no-untyped-def]
    client = login(Client(), user)
    context = new_context(**options)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_url}])
    return context.new_page()


def test_drill_journey(live_url, new_context, console, shoot, peers):  # type: ignore[no-untyped-def]
    inbox, smtp_port = peers
    org = Organisation.objects.create(name="株式会社みなと精工")
    owner = make_user("owner@a.example", "山田 太郎")
    add_member(owner, org, Role.OWNER)
    bob, dan = make_user("bob@a.example", "佐藤 健"), make_user("dan@a.example", "鈴木 花子")
    for person in (bob, dan):
        add_member(person, org, Role.MEMBER)
    base = f"{live_url}/o/{org.id}"
    page = signed_in(new_context, live_url, owner)

    # 1. Prove the domain with a DNS TXT record (a real DNS server on loopback answers).
    page.goto(f"{base}/drills/")
    page.click(f'a[href="/o/{org.id}/drills/domains/"]')
    page.fill("#id_domain", "a.example")
    # Wait for the answer to the POST: before it, the domain row may not exist yet and the page is mid-navigation.
    with page.expect_navigation():
        page.click('main form:not([action]) button[type="submit"]')
    assert Domain.objects.filter(organisation=org).update(token=TOKEN) == 1  # the token the test zone publishes
    page.reload()
    page.click('form[action$="/verify/"] button')
    page.wait_for_selector("#domains .badge.done")
    shoot(page, "drills-01-domains", full_page=True)

    # 2. The company's mail server (the local SMTP server).
    page.goto(f"{base}/drills/settings/")
    page.fill("#id_host", "127.0.0.1")
    page.fill("#id_port", str(smtp_port))
    page.select_option("#id_security", "none")
    page.click('main form button[type="submit"]')

    # 3. A template from the library, edited, with its preview.
    page.goto(f"{base}/drills/templates/")
    page.locator("#lures li", has=page.locator('input[value="password-expiry"]')).locator('button[value="ja"]').click()
    page.wait_for_selector("#preview")
    page.fill("#id_subject", "【システム通知】パスワードの有効期限が近づいています(至急)")
    page.click('main form button[type="submit"]')
    page.wait_for_selector("#preview")
    assert "(至急)" in page.inner_text("#preview")
    shoot(page, "drills-02-template", full_page=True)

    # 4. The plan, a test mail to the owner, the confirmation.
    page.click("#use-template")
    now = timezone.localtime()
    page.fill("#id_name", "4月の訓練")
    page.fill("#id_from_address", "it@a.example")
    page.fill("#id_window_start", now.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_window_end", (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_rate_per_hour", "600")
    page.click('main form button[type="submit"]')
    page.click("#send-test")
    assert [m["To"] for m in inbox.messages] == ["owner@a.example"]
    page.check("#confirm-box")
    page.click("#start-drill")
    assert page.inner_text("#drill-status") in ("送信中", "完了")
    deliver_all()  # the worker would spread these over the window
    # The people below read their mail some minutes later, not seconds after delivery as a scanner would.
    Recipient.objects.filter(drill__organisation=org).update(sent_at=F("sent_at") - timedelta(minutes=5))
    assert sorted(m["To"] for m in inbox.messages) == [
        "bob@a.example",
        "dan@a.example",
        "owner@a.example",
        "owner@a.example",
    ]

    # 5. Bob clicks on his phone: 「続行」, the fake sign-in, then the teaching page. He reads before he presses,
    # as people do (tests/e2e/drill_people.py); a scanner's instant clicks are set aside (test_drill_scanners.py).
    bob_links = inbox.links(inbox.to("bob@a.example")[0])
    phone = browser_page(new_context, IPHONE, **PHONE)
    phone.goto(bob_links["c"])
    person_presses(phone, "#continue")
    phone.fill("#lure-user", "bob@a.example")
    phone.fill("#lure-pass", "not-kept-anywhere-123")
    person_presses(phone, '#lure-form button[type="submit"]')
    phone.wait_for_selector("#teach")
    assert phone.locator("#assigned-lesson").count() == 1
    shoot(phone, "drills-03-teach", full_page=True)

    # 6. Dan reports the mail.
    dan_page = browser_page(new_context, IPHONE, **PHONE)
    dan_page.goto(inbox.links(inbox.to("dan@a.example")[0])["r"])
    person_presses(dan_page, "#report")
    dan_page.wait_for_selector("#reported")

    # 7. The owner's results.
    page.reload()
    assert page.inner_text("#report-count") == "1" and page.inner_text("#click-count") == "1"
    shoot(page, "drills-04-results", full_page=True)

    # 8. Bob's lesson, and the owner's training page.
    assert Assignment.objects.get(user=bob).lesson_id == "fake-login"
    bob_page = signed_in(new_context, live_url, bob, **PHONE)
    bob_page.goto(f"{base}/training/")
    bob_page.click("#my-lessons a")
    bob_page.wait_for_selector("#quiz")
    shoot(bob_page, "training-02-lesson", full_page=True)
    page.goto(f"{base}/training/")
    page.select_option("#id_lesson", "report-it")
    page.fill("#id_due_date", (timezone.localdate() + timedelta(days=14)).isoformat())
    page.click('#assign button[type="submit"]')
    page.wait_for_selector("#progress table")
    shoot(page, "training-01-assign", full_page=True)
    assert console.take() == []
