"""Tried as a new owner would, in headless Chromium: connect Slack (a local receiver) and send a test message,
choose what reaches her, make her calendar feed and subscribe to it, add a webhook, connect the shared mailbox
(a real Dovecot over TLS) and read what the DMARC reports say. Selectors are ids, names and hrefs only."""

from __future__ import annotations

import urllib.request

import pytest
from icalendar import Calendar

from rashinban.nextsteps import plan_for
from rashinban.notify.models import Channel, Endpoint
from tests.e2e.test_evidence_checks import signed_in_page
from tests.mailbox.conftest import imap_server  # noqa: F401 - a real Dovecot for the mailbox
from tests.mailbox.reports import CLEAN, MIXED, gz, report_xml, zipped
from tests.mailbox.test_imap import dmarc_mail
from tests.notify.receivers import Receiver

pytestmark = pytest.mark.browser


@pytest.fixture
def slack(settings):  # type: ignore[no-untyped-def]
    settings.NOTIFY_ALLOW_PRIVATE = True  # development settings: a receiver on this machine over http
    server = Receiver().start()
    yield server
    server.stop()


def test_owner_connects_slack_makes_a_feed_and_adds_a_webhook(
    live_url, new_context, console, shoot, alice, org_a, slack
):  # type: ignore[no-untyped-def]
    page = signed_in_page(new_context, live_url, alice)
    page.goto(f"{live_url}/o/{org_a.id}/")
    page.locator("#nav-more summary").click()  # notifications sit in the top menu's "More"
    page.locator("#nav-notifications").click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/notifications/")

    hook = slack.url + "/services/T0001/B0002/abcdefSECRET"
    page.fill("#id_slack-url", hook)
    page.locator('#channel-slack form[action$="/channels/slack/"] button').click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/notifications/#channel-slack")
    page.locator('#channel-slack form[action$="/channels/slack/test/"] button').click()
    page.wait_for_load_state()
    assert len(slack.requests) == 1 and "A商事" in slack.requests[0].json()["text"]
    assert "abcdefSECRET" not in page.content()  # never shown back
    assert Channel.objects.get(organisation=org_a, kind="slack").paused_at is None

    page.locator('input[name="c-drill.finished-slack"]').check()
    page.locator('input[name="c-job.failed-slack"]').check()
    page.fill("#id_quiet_from", "22:00")
    page.fill("#id_quiet_until", "07:00")
    page.locator("#my-choices button").click()
    page.wait_for_load_state()
    assert page.locator('input[name="c-drill.finished-slack"]').is_checked()
    shoot(page, "notify-01-slack-connected-and-choices", full_page=True)

    page.locator("#make-feed").click()
    feed_url = page.locator("#feed-url").inner_text()
    shoot(page, "notify-02-calendar-feed", full_page=False)
    with urllib.request.urlopen(feed_url, timeout=10) as answer:  # what a calendar app does
        calendar = Calendar.from_ical(answer.read())
    summaries = sorted(str(e["summary"]) for e in calendar.walk("VEVENT"))
    assert summaries == sorted(s.title_in("ja") for s in plan_for(org_a).for_person(alice.pk))

    page.fill("#id_url", slack.url + "/rashinban-webhook")
    page.locator('input[name="events"][value="drill.finished"]').check()
    page.locator("#webhooks button").click()
    secret = page.locator("#secret-value").inner_text()
    assert secret.startswith("whsec_") and Endpoint.objects.get().signing_secret() == secret
    page.locator("#new-secret").scroll_into_view_if_needed()
    shoot(page, "notify-03-webhook-secret-shown-once", full_page=False)
    page.goto(f"{live_url}/o/{org_a.id}/notifications/webhooks/{Endpoint.objects.get().pk}/")
    page.locator('form[action$="/test/"] button').click()
    page.wait_for_load_state()
    assert page.locator("#deliveries tbody tr").count() == 1
    assert slack.requests[-1].headers["X-Rashinban-Event"] == "webhook.test"
    shoot(page, "notify-04-webhook-delivery-log", full_page=True)
    assert not console.take()


def test_owner_connects_the_shared_mailbox_and_reads_the_dmarc_verdict(
    live_url,
    new_context,
    console,
    shoot,
    alice,
    org_a,
    imap_server,  # noqa: F811
):  # type: ignore[no-untyped-def]
    imap_server.append(dmarc_mail(gz(report_xml(MIXED, report_id="g1")), "google.com!a.example!1.xml.gz",
                                  ("application", "gzip"), "google.com"))  # fmt: skip
    imap_server.append(dmarc_mail(zipped(report_xml(CLEAN, report_id="m1", org="outlook.com")),
                                  "outlook.com!a.example!1.zip", ("application", "zip"), "outlook.com"))  # fmt: skip
    page = signed_in_page(new_context, live_url, alice)
    page.goto(f"{live_url}/o/{org_a.id}/notifications/")
    page.locator("#to-mailbox").click()
    page.fill("#id_host", "127.0.0.1")
    page.fill("#id_port", str(imap_server.port))
    page.fill("#id_username", imap_server.user)
    page.fill("#id_password", imap_server.password)
    page.locator("#mailbox-form button").click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/mailbox/")
    page.locator("#read-now").click()
    page.wait_for_load_state()
    verdict = page.locator("#quarantine-verdict").inner_text()
    assert "p=quarantine" in verdict
    assert "SendGrid" in page.locator("#unaligned").inner_text()
    assert imap_server.password not in page.content()
    shoot(page, "mailbox-01-dmarc-not-yet", full_page=True)
    page.goto(f"{live_url}/o/{org_a.id}/evidence/mail-domain/")
    assert page.locator("#dmarc-panel #unaligned").count() == 1
    page.locator("#dmarc-panel").scroll_into_view_if_needed()
    shoot(page, "mailbox-02-mail-domain-page", full_page=False)
    assert not console.take()
