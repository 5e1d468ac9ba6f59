"""Publishing: notes to the owner never leave the editing screen; publishing asks first and names every blank."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from rashinban.documents import actions, review
from rashinban.documents.generate import generate
from rashinban.documents.markup import from_markup, to_markup
from rashinban.documents.models import DocumentVersion
from rashinban.reports.document import OWNER_NOTE, Heading, KeyValues, Paragraph, Table, printable
from tests.conftest import login
from tests.documents.test_generate import MAPPED
from tests.reports.samples import pdf_pages

NOTE = "内部メモ: 販売管理はまだ多要素認証なし"
WEAK_POINTS = (
    "まだ多要素認証を使っていないシステム",
    "多要素認証がまだ必須になっていません",
    "バックアップがないシステム",
)


def url(name: str, version: DocumentVersion) -> str:
    return reverse(f"documents:{name}", kwargs={"org_id": version.organisation_id, "pk": version.pk})


@pytest.fixture
def noted(org_a, alice) -> DocumentVersion:
    """A policy draft with a note to the owner typed by hand, in the middle of the text."""
    draft = actions.generate_version(org_a, "policy", "ja", alice)
    body = draft.body.replace("## 2.5", f"%% {NOTE}\n\n## 2.5", 1)
    return actions.save_edit(draft, draft.title, draft.subtitle, body, "", alice)


def test_the_generator_writes_weak_points_as_notes_to_the_owner_only():
    document = generate("policy", MAPPED, {}, "ja")
    notes = [b.text for b in document.blocks if isinstance(b, Paragraph) and b.style == OWNER_NOTE]
    printed = to_markup(printable(document.blocks))

    assert all(any(weak in note for note in notes) for weak in WEAK_POINTS)
    assert not any(weak in printed for weak in WEAK_POINTS)
    assert "多要素認証(スマートフォンのアプリなどでの確認)を必ず使います" in printed  # the rule itself stays


def test_a_note_survives_editing_as_markup():
    blocks = [Heading("方針"), Paragraph(NOTE, OWNER_NOTE), Paragraph("%% で始まる本文")]
    markup = to_markup(blocks)

    assert f"%% {NOTE}" in markup and "\\%% で始まる本文" in markup
    assert from_markup(markup) == blocks


def test_no_export_carries_the_note(client, alice, noted):
    actions.publish(noted, alice)
    login(client, alice)

    pdf = "\n".join(pdf_pages(client.get(url("export_pdf", noted)).content))
    html = client.get(url("export_html", noted)).content.decode()
    download = client.get(url("export_html", noted) + "?download=1").content.decode()
    word = zipfile.ZipFile(io.BytesIO(client.get(url("export_docx", noted)).content)).read("word/document.xml")

    assert "2.5" in pdf and "2.5" in html and b"2.5" in word  # the text around the note is there
    for text in (pdf, html, download, word.decode()):
        assert "内部メモ" not in text


def test_the_owner_sees_the_note_marked_and_a_member_never(client, alice, bob, noted):
    actions.publish(noted, alice)

    owner_page = login(client, alice).get(url("version", noted)).content.decode()
    member_page = login(client, bob).get(url("version", noted)).content.decode()

    assert NOTE in owner_page and 'class="owner-note"' in owner_page
    assert "2.5" in member_page and NOTE not in member_page


def test_publishing_asks_first_and_lists_the_blank_contacts(client, org_a, alice):
    actions.save_contacts(org_a, {"lead": {"name": "港 一郎", "phone": "000-1"}}, alice)
    plan = actions.generate_version(org_a, "plan", "ja", alice)
    login(client, alice)

    page = client.get(url("publish", plan)).content.decode()
    plan.refresh_from_db()

    assert plan.published_at is None  # looking is not publishing
    assert "責任者の代理: 名前・窓口" in page and "責任者の代理: 電話・連絡方法" in page
    assert "情報セキュリティ責任者: 電話" not in page  # filled in
    assert 'id="fill-contacts"' in page and "公的機関の電話番号" in page  # the note stays with the owner


def test_a_post_without_the_confirmation_publishes_nothing(client, alice, noted):
    response = login(client, alice).post(url("publish", noted))
    noted.refresh_from_db()

    assert response.status_code == 200 and noted.published_at is None


def test_confirming_publishes(client, alice, noted):
    response = login(client, alice).post(url("publish", noted), {"confirmed": "yes"})
    noted.refresh_from_db()

    assert response["Location"] == url("version", noted) and noted.published_at is not None


def test_an_english_document_lists_its_blanks_in_english(client, org_a, alice):
    card = actions.generate_version(org_a, "card", "en", alice)
    page = login(client, alice).get(url("publish", card)).content.decode()

    assert "Security lead: Phone" in page and "Deputy: Name or desk" in page


def test_contacts_saved_after_the_version_ask_for_a_new_one(client, org_a, alice):
    card = actions.generate_version(org_a, "card", "ja", alice)
    DocumentVersion.objects.filter(pk=card.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    actions.save_contacts(org_a, {"lead": {"name": "港 一郎", "phone": "000-1"}}, alice)

    page = login(client, alice).get(url("publish", card)).content.decode()

    assert 'id="contacts-newer"' in page


def test_member_cannot_open_the_publish_page_and_another_company_gets_404(client, alice, bob, mallory, noted):
    assert login(client, bob).get(url("publish", noted)).status_code == 403
    assert login(client, mallory).get(url("publish", noted)).status_code == 404
    assert login(client, mallory).post(url("publish", noted), {"confirmed": "yes"}).status_code == 404
    noted.refresh_from_db()
    assert noted.published_at is None


def test_check_names_table_cells_by_row_and_column_and_sentences_by_section():
    blocks = [
        Heading("連絡先"),
        Table(["順", "連絡先", "電話"], [["1", "責任者", "＿＿＿＿＿＿"], ["2", "代理", "000"]]),
        Heading("手順"),
        Paragraph("責任者 __________ に電話する。"),
        KeyValues([("会社名", "{company}")]),
        Paragraph("メモ", OWNER_NOTE),
    ]

    result = review.check(blocks)

    assert [(b.where, b.what) for b in result.blanks] == [
        ("連絡先", "責任者: 電話"),
        ("手順", "責任者 __________ に電話する。"),
        ("手順", "会社名"),
    ]
    assert result.notes == ["メモ"] and not result.clean


def test_a_complete_document_is_clean():
    assert review.check([Heading("方針"), Paragraph("パスワードは12文字以上 (_ は1つなら下線)")]).clean
