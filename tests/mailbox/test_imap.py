"""The shared mailbox against a real Dovecot (IMAP over TLS): DMARC reports and drill mails forwarded by staff."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.urls import reverse

from rashinban import crypto
from rashinban.drills import actions as drill_actions
from rashinban.drills.models import Drill, Recipient, Verdict
from rashinban.mailbox.models import DmarcReport, Mailbox
from rashinban.orgs.choices import Role
from tests.conftest import add_member, login, make_user
from tests.drills.conftest import deliver_all, planned, server_settings, verified
from tests.mailbox.reports import CLEAN, MIXED, gz, report_xml, zipped


def dmarc_mail(attachment: bytes, filename: str, kind: tuple[str, str], receiver: str) -> bytes:
    message = EmailMessage()
    message["From"] = f"noreply-dmarc@{receiver}"
    message["To"] = "report@a.example"
    message["Subject"] = f"Report domain: a.example Submitter: {receiver}"
    message["Message-ID"] = make_msgid()
    message.set_content("This is an aggregate report from " + receiver)
    message.add_attachment(attachment, maintype=kind[0], subtype=kind[1], filename=filename)
    return message.as_bytes()


def connect(client, org, server, password: str | None = None):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("mailbox:connect", args=[org.pk]),
        {"host": "127.0.0.1", "port": server.port, "username": server.user,
         "password": password or server.password, "folder": "INBOX"},
    )  # fmt: skip


@pytest.mark.django_db
def test_owner_connects_and_the_password_is_kept_encrypted(as_alice, org_a, imap_server):
    assert connect(as_alice, org_a, imap_server, password="wrong").status_code == 400
    assert not Mailbox.objects.exists()
    assert connect(as_alice, org_a, imap_server).status_code == 302
    mailbox = Mailbox.objects.get()
    assert imap_server.password not in mailbox.password
    assert crypto.decrypt(mailbox.password, crypto.MAILBOX_SECRET) == imap_server.password
    page = as_alice.get(reverse("mailbox:page", args=[org_a.pk])).content.decode()
    assert imap_server.password not in page and "127.0.0.1" in page


@pytest.mark.django_db
def test_a_certificate_nobody_vouches_for_is_refused(as_alice, org_a, imap_server, settings):
    settings.MAILBOX_CA_FILE = ""
    response = connect(as_alice, org_a, imap_server)
    assert response.status_code == 400 and "TLS" in response.content.decode()
    assert not Mailbox.objects.exists()


@pytest.mark.django_db
def test_dmarc_reports_arrive_by_mail_and_the_mail_domain_page_says_not_yet(as_alice, org_a, imap_server):
    connect(as_alice, org_a, imap_server)
    imap_server.append(dmarc_mail(gz(report_xml(MIXED, report_id="g1")), "google.com!a.example!1.xml.gz",
                                  ("application", "gzip"), "google.com"))  # fmt: skip
    imap_server.append(dmarc_mail(zipped(report_xml(CLEAN, report_id="m1", org="outlook.com")),
                                  "outlook.com!a.example!1.zip", ("application", "zip"), "outlook.com"))  # fmt: skip
    imap_server.append(dmarc_mail(b"\x1f\x8b" + b"broken", "bad.xml.gz", ("application", "gzip"), "bad.example"))
    response = as_alice.post(reverse("mailbox:read", args=[org_a.pk]), follow=True)
    assert "2" in response.content.decode()
    assert DmarcReport.objects.filter(organisation=org_a).count() == 2
    mailbox = Mailbox.objects.get()
    assert mailbox.reports_read == 2 and mailbox.refused == 1 and mailbox.last_uid == 3
    # The same report again (a receiver resends) and nothing new: nothing counted twice.
    imap_server.append(dmarc_mail(gz(report_xml(MIXED, report_id="g1")), "again.xml.gz", ("application", "gzip"),
                                  "google.com"))  # fmt: skip
    as_alice.post(reverse("mailbox:read", args=[org_a.pk]))
    as_alice.post(reverse("mailbox:read", args=[org_a.pk]))
    assert DmarcReport.objects.count() == 2
    page = as_alice.get(reverse("evidence:check", args=[org_a.pk, "mail-domain"])).content.decode()
    assert 'id="dmarc-panel"' in page and "SendGrid" in page and "198.51.100.5" in page
    assert 'id="quarantine-verdict"' in page and "p=quarantine" in page


@pytest.mark.django_db
def test_clean_reports_say_quarantine_is_safe(as_alice, org_a, imap_server):
    connect(as_alice, org_a, imap_server)
    imap_server.append(dmarc_mail(report_xml(CLEAN), "r.xml", ("text", "xml"), "google.com"))
    as_alice.post(reverse("mailbox:read", args=[org_a.pk]))
    page = as_alice.get(reverse("mailbox:page", args=[org_a.pk])).content.decode()
    assert "level-ok" in page.split('id="quarantine-verdict"')[1][:200]


def forward_as_attachment(original, by: str) -> bytes:  # type: ignore[no-untyped-def]
    message = EmailMessage()
    message["From"] = by
    message["To"] = "report@a.example"
    message["Subject"] = "Fwd: " + str(original["Subject"])
    message.set_content("怪しいメールが届きました。")
    message.add_attachment(original)  # message/rfc822, with the drill's own headers
    return message.as_bytes()


def forward_inline(original, by: str, text: str) -> bytes:  # type: ignore[no-untyped-def]
    message = EmailMessage()
    message["From"] = by
    message["To"] = "report@a.example"
    message["Subject"] = "FW: " + str(original["Subject"])
    message.set_content("---------- Forwarded message ---------\n" + text)
    return message.as_bytes()


@pytest.mark.django_db
def test_forwarded_drill_mail_counts_as_reported_never_as_a_click(client, org_a, alice, bob, imap_server, smtp):
    inbox, port = smtp
    dan = make_user("dan@a.example", "Dan")
    add_member(dan, org_a, Role.MEMBER)
    verified(org_a)
    server_settings(org_a, port)
    drill = planned(org_a, alice)
    drill_actions.send_test(drill, alice)
    drill_actions.confirm_drill(Drill.objects.get(pk=drill.pk), alice, True)
    deliver_all()
    bob_mail, dan_mail = inbox.to("bob@a.example")[0], inbox.to("dan@a.example")[0]
    login(client, alice)
    connect(client, org_a, imap_server)
    imap_server.append(forward_as_attachment(bob_mail, "bob@a.example"))  # Outlook's "forward as attachment"
    imap_server.append(forward_inline(dan_mail, "dan@a.example", inbox.text(dan_mail)))  # a plain forward
    imap_server.append(forward_as_attachment(bob_mail, "bob@a.example"))  # twice: one report
    client.post(reverse("mailbox:read", args=[org_a.pk]))
    verdicts = {v.recipient.email: v for v in Verdict.objects.select_related("recipient").filter(drill=drill)}
    for email in ("bob@a.example", "dan@a.example"):
        assert verdicts[email].reported and not verdicts[email].clicked and not verdicts[email].submitted
    assert Mailbox.objects.get().drill_reports == 2
    assert not Verdict.objects.filter(drill=drill, recipient__email="alice@a.example", reported=True).exists()


@pytest.mark.django_db
def test_a_drill_mail_of_another_company_counts_for_nobody(client, org_a, org_b, alice, mallory, imap_server, smtp):
    inbox, port = smtp
    verified(org_b, "b.example")
    server_settings(org_b, port)
    add_member(make_user("trent@b.example", "Trent"), org_b, Role.MEMBER)
    drill = planned(org_b, mallory, from_address="it@b.example")
    drill_actions.send_test(drill, mallory)
    drill_actions.confirm_drill(Drill.objects.get(pk=drill.pk), mallory, True)
    deliver_all()
    [b_mail] = inbox.to("trent@b.example")
    login(client, alice)
    connect(client, org_a, imap_server)
    imap_server.append(forward_as_attachment(b_mail, "alice@a.example"))
    client.post(reverse("mailbox:read", args=[org_a.pk]))
    assert not Verdict.objects.filter(reported=True).exists()
    assert Recipient.objects.filter(drill=drill).exists()
