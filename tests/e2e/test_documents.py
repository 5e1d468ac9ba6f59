"""The security documents in a real browser: the owner fills in the contacts, generates and publishes the
policy and the incident plan, exports them (HTML, PDF, Word); a member reads and confirms; the owner sees it.
Selectors are ids, names and hrefs only: the wording is translated."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from rashinban.documents.models import Acknowledgement, DocumentVersion
from tests.conftest import login

pytestmark = pytest.mark.browser


def signed_in_context(new_context, live_url, user):  # type: ignore[no-untyped-def]
    client = login(Client(), user)
    context = new_context(accept_downloads=True)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_url}])
    return context


def generate_and_publish(page, kind: str, shoot=None) -> DocumentVersion:  # type: ignore[no-untyped-def]
    page.select_option("#id_kind", kind)
    page.select_option("#id_language", "ja")
    page.locator("#generate-button").click()
    page.locator("#publish-button").click()
    page.locator("#confirm-publish").wait_for()  # publishing asks first, listing what is still blank
    if shoot:
        shoot(page)
    page.locator("#confirm-publish").click()
    page.locator("#readers").wait_for()
    return DocumentVersion.objects.filter(kind=kind).order_by("-number").first()  # type: ignore[return-value]


def download(page, selector: str, target: Path) -> bytes:  # type: ignore[no-untyped-def]
    with page.expect_download() as info:
        page.locator(selector).click()
    info.value.save_as(str(target))
    return target.read_bytes()


def test_owner_publishes_member_confirms(live_url, new_context, console, shoot, alice, bob, org_a, tmp_path):  # type: ignore[no-untyped-def]
    owner = signed_in_context(new_context, live_url, alice).new_page()
    base = f"{live_url}/o/{org_a.id}/documents"

    # Contacts first, so the plan and the card print real names and numbers.
    owner.goto(f"{base}/contacts/")
    owner.fill("#id_lead-name", "港 一郎")
    owner.fill("#id_lead-phone", "000-0000-0001")
    owner.fill("#id_deputy-name", "浜田 花子")
    owner.fill("#id_deputy-phone", "000-0000-0002")
    owner.fill("#id_it_vendor-name", "株式会社サンプルITサービス")
    owner.fill("#id_it_vendor-phone", "000-0000-0003")
    shoot(owner, "documents-01-contacts", full_page=True)
    owner.locator("#save-contacts").click()
    owner.wait_for_url(f"{base}/")

    policy = generate_and_publish(owner, "policy")
    shoot(owner, "documents-02-policy")
    owner.goto(f"{base}/")

    def confirmation(page):  # type: ignore[no-untyped-def]
        # The police desk's number was left blank above: the page names it before anything is published.
        assert "電話" in page.locator("#publish-blanks").inner_text()
        assert "警察" in page.locator("#publish-blanks").inner_text()
        shoot(page, "documents-08-publish-confirmation", full_page=True)

    plan = generate_and_publish(owner, "plan", confirmation)
    assert "000-0000-0003" in owner.locator(".doc-preview").inner_text()

    # Exports: the print page, the PDF (page 1 rendered for the docs) and the Word file.
    owner.locator("#export-html").click()
    owner.locator("article.sheet").wait_for()
    assert "インシデント初動対応計画" in owner.locator("article.sheet h1").inner_text()
    shoot(owner, "documents-03-plan-print")
    pdf = download(owner, 'a[href$="document.pdf"]', tmp_path / "plan.pdf")
    assert pdf.startswith(b"%PDF")
    docx = download(owner, 'a[href$="document.docx"]', tmp_path / "plan.docx")
    assert docx.startswith(b"PK")
    _save_first_pdf_page(tmp_path / "plan.pdf", "documents-04-plan-pdf-page1")

    # A member finds the documents to read on the dashboard and confirms the policy.
    member = signed_in_context(new_context, live_url, bob).new_page()
    member.goto(f"{live_url}/o/{org_a.id}/")
    member.locator(f'#documents-panel a[href="/o/{org_a.id}/documents/{policy.pk}/"]').click()
    member.locator("#confirm-button").click()
    member.locator(".msg-success").first.wait_for()
    assert member.locator("#confirm-button").count() == 0
    shoot(member, "documents-05-member-confirmed")
    assert Acknowledgement.objects.filter(version=policy, user=bob).exists()
    assert not Acknowledgement.objects.filter(version=plan).exists()

    # The owner sees who has read the policy, and who has not yet.
    owner.goto(f"{base}/{policy.pk}/")
    readers = owner.locator("#readers")
    assert readers.locator("li.read").count() == 1 and "Bob" in readers.locator("li.read").inner_text()
    assert "Alice" in readers.locator("li.unread").inner_text()
    readers.scroll_into_view_if_needed()
    shoot(owner, "documents-06-owner-sees-readers")
    owner.goto(f"{base}/")
    shoot(owner, "documents-07-overview", full_page=True)
    # The print page (reports/document.html) links no icon, so the browser asks for /favicon.ico.
    assert console.take(expected="favicon") == []


def _save_first_pdf_page(pdf: Path, name: str) -> None:
    """Page 1 of the PDF as PNG in the screenshots folder (pdftoppm from poppler-utils)."""
    import os

    target = os.environ.get("RASHINBAN_SCREENSHOTS")
    if not target or not shutil.which("pdftoppm"):
        return
    folder = Path(target)
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(folder / name)],
        check=True,
        timeout=60,
    )
