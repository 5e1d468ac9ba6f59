"""The security documents pages as owner, member and advisor: generate, edit, publish, confirm, remind, export."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from rashinban.documents import actions
from rashinban.documents.models import Acknowledgement, DocumentVersion
from rashinban.documents.summary import published_policy
from tests.conftest import login


def url(name: str, org, version=None) -> str:  # type: ignore[no-untyped-def]
    kwargs = {"org_id": org.id} | ({"pk": version.pk} if version else {})
    return reverse(f"documents:{name}", kwargs=kwargs)


@pytest.fixture
def draft(org_a, alice) -> DocumentVersion:
    return actions.generate_version(org_a, "policy", "ja", alice)


@pytest.fixture
def published(draft, alice) -> DocumentVersion:
    return actions.publish(draft, alice)


def test_owner_generates_a_draft_and_sees_it(as_alice, org_a):
    response = as_alice.post(url("generate", org_a), {"kind": "plan", "language": "ja"})
    version = DocumentVersion.objects.get(organisation=org_a)
    assert response.status_code == 302 and response["Location"] == url("version", org_a, version)
    assert (version.kind, version.number, version.generated, version.published_at) == ("plan", 1, True, None)
    page = as_alice.get(response["Location"]).content.decode()
    assert "インシデント初動対応計画" in page and "個人情報保護委員会" in page


def test_generating_again_adds_a_version(as_alice, org_a, draft):
    as_alice.post(url("generate", org_a), {"kind": "policy", "language": "en"})
    numbers = list(DocumentVersion.objects.filter(organisation=org_a).values_list("number", "language"))
    assert sorted(numbers) == [(1, "ja"), (2, "en")]


def test_an_unknown_kind_is_refused_with_a_message(as_alice, org_a):
    response = as_alice.post(url("generate", org_a), {"kind": "secrets", "language": "ja"}, follow=True)
    assert response.status_code == 200 and not DocumentVersion.objects.exists()


def test_editing_saves_a_new_version_and_keeps_the_old(as_alice, org_a, draft):
    body = draft.body.replace("情報セキュリティ基本方針", "わが社の基本方針", 1)
    response = as_alice.post(
        url("edit", org_a, draft), {"title": "方針", "subtitle": "", "body": body, "note": "言い回し"}
    )
    new = DocumentVersion.objects.get(organisation=org_a, number=2)
    assert response["Location"] == url("version", org_a, new)
    assert (new.title, new.note, new.generated) == ("方針", "言い回し", False)
    assert "わが社の基本方針" in new.body
    draft.refresh_from_db()
    assert "わが社の基本方針" not in draft.body
    history = as_alice.get(url("index", org_a)).content.decode()
    assert "言い回し" in history and "Alice" in history


def test_member_cannot_see_drafts_nor_edit_or_publish(client, org_a, bob, draft):
    login(client, bob)
    for name in ("version", "export_pdf", "export_docx", "export_html"):
        assert client.get(url(name, org_a, draft)).status_code == 404, name
    assert client.get(url("edit", org_a, draft)).status_code == 403
    assert client.post(url("publish", org_a, draft)).status_code == 403
    assert client.post(url("generate", org_a), {"kind": "policy", "language": "ja"}).status_code == 403
    draft.refresh_from_db()
    assert draft.published_at is None


def test_advisor_drafts_but_only_the_owner_publishes(client, org_a, carol, draft):
    login(client, carol)
    assert client.post(url("generate", org_a), {"kind": "card", "language": "ja"}).status_code == 302
    assert client.post(url("publish", org_a, draft)).status_code == 403
    assert client.post(url("remind", org_a, draft)).status_code == 403


def test_publish_then_member_confirms_and_owner_sees_who_has_not(as_alice, org_a, alice, bob, carol, draft):
    client = Client()
    as_alice.post(url("publish", org_a, draft), {"confirmed": "yes"})
    draft.refresh_from_db()
    assert draft.published_at is not None and published_policy(org_a) == draft

    page = as_alice.get(url("version", org_a, draft)).content.decode()
    readers = page[page.index('id="readers"') :]
    assert re.search(r"Bob</span>\s*<span class=\"badge todo\">", readers)
    assert "Carol" not in readers  # advisors are outsiders: not asked to confirm

    login(client, bob)
    member_page = client.get(url("version", org_a, draft)).content.decode()
    assert 'id="confirm-button"' in member_page
    client.post(url("confirm", org_a, draft))
    assert Acknowledgement.objects.filter(version=draft, user=bob).exists()
    assert 'id="confirm-button"' not in client.get(url("version", org_a, draft)).content.decode()

    readers = as_alice.get(url("version", org_a, draft)).content.decode()
    readers = readers[readers.index('id="readers"') :]
    assert re.search(r"Bob</span>\s*<span class=\"badge ok\">", readers)
    assert re.search(r"Alice</span>\s*<span class=\"badge todo\">", readers)


def test_a_draft_or_replaced_version_cannot_be_confirmed(client, org_a, alice, bob, published):
    newer = actions.publish(actions.generate_version(org_a, "policy", "ja", alice), alice)
    login(client, bob)
    client.post(url("confirm", org_a, published))
    assert not Acknowledgement.objects.exists()
    client.post(url("confirm", org_a, newer))
    assert Acknowledgement.objects.filter(version=newer, user=bob).count() == 1
    client.post(url("confirm", org_a, newer))  # twice: still one record
    assert Acknowledgement.objects.filter(version=newer, user=bob).count() == 1


def test_reminder_mails_only_those_who_have_not_confirmed(as_alice, org_a, alice, bob, carol, published):
    actions.confirm(published, alice)
    response = as_alice.post(url("remind", org_a, published), follow=True)
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [[bob.email]]
    assert published.title in mail.outbox[0].subject
    assert url("version", org_a, published) in mail.outbox[0].body
    published.refresh_from_db()
    assert published.reminded_at is not None


def test_exports_have_the_right_types_and_names(as_alice, org_a, published):
    pdf = as_alice.get(url("export_pdf", org_a, published))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "''A%E5%95%86%E4%BA%8B_" in pdf["Content-Disposition"]  # A商事_…: tests/test_download_names.py
    docx = as_alice.get(url("export_docx", org_a, published))
    assert docx.content.startswith(b"PK") and "wordprocessingml" in docx["Content-Type"]
    html = as_alice.get(url("export_html", org_a, published)).content.decode()
    assert "情報セキュリティ基本方針" in html and "<script>" not in html and 'style="' not in html
    download = as_alice.get(url("export_html", org_a, published) + "?download=1")
    assert "attachment" in download["Content-Disposition"] and b"<style>" in download.content


def test_member_exports_the_published_version(client, org_a, bob, published):
    login(client, bob)
    assert client.get(url("export_pdf", org_a, published)).status_code == 200


def test_contacts_are_saved_and_printed_by_the_next_plan(as_alice, org_a):
    data = {
        "lead-name": "港 一郎",
        "lead-phone": "000-1234",
        "it_vendor-name": "甲システム",
        "it_vendor-phone": "x" * 121,
    }
    response = as_alice.post(url("contacts", org_a), data)
    assert response.status_code == 200 and "120" in response.content.decode()  # too long: the form says so
    data["it_vendor-phone"] = "000-9999"
    assert as_alice.post(url("contacts", org_a), data).status_code == 302
    assert actions.contacts_of(org_a)["lead"] == {"name": "港 一郎", "phone": "000-1234"}
    plan = actions.generate_version(org_a, "plan", "ja", None)
    assert "| 甲システム | 000-9999 |" in plan.body
    card = actions.generate_version(org_a, "card", "ja", None)
    assert "責任者 港 一郎 000-1234" in card.body


def test_member_sees_contacts_page_refused(client, org_a, bob):
    login(client, bob)
    assert client.get(url("contacts", org_a)).status_code == 403


def test_dashboard_panel_shows_progress_and_what_to_read(as_alice, org_a, bob, published):
    page = as_alice.get(reverse("orgs:fold", kwargs={"org_id": org_a.id, "name": "documents"})).content.decode()
    panel = page[page.index('id="documents-panel"') :]
    assert "0 / 2" in panel or "2人中0人" in panel or "0 of 2" in panel
    client = login(Client(), bob)
    page = client.get(reverse("orgs:dashboard", kwargs={"org_id": org_a.id})).content.decode()
    assert url("version", org_a, published) in page  # staff find what to read on the dashboard itself, open
    assert 'id="fold-documents" open' in page


def pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", content))


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_card_fits_one_a4_page_even_with_long_contacts(as_alice, org_a, alice, language):
    long = {role: {"name": "長" * 60, "phone": "0" * 40} for role in ("lead", "deputy", "owner", "it_vendor", "police")}
    actions.save_contacts(org_a, long, alice)
    card = actions.generate_version(org_a, "card", language, alice)
    pdf = as_alice.get(url("export_pdf", org_a, card)).content
    assert pdf_pages(pdf) == 1
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf or b"595.2756" in pdf  # A4 in points


def test_the_plan_pdf_has_several_pages(as_alice, org_a, alice):
    plan = actions.generate_version(org_a, "plan", "ja", alice)
    assert pdf_pages(as_alice.get(url("export_pdf", org_a, plan)).content) >= 2


def test_advisor_is_not_asked_to_read(client, org_a, carol, published):
    login(client, carol)
    page = client.get(url("index", org_a)).content.decode()
    assert 'class="badge todo"' not in page
    dashboard = client.get(reverse("orgs:fold", kwargs={"org_id": org_a.id, "name": "documents"})).content.decode()
    assert url("version", org_a, published) not in dashboard.split('id="documents-panel"')[1].split("</section>")[0]
