"""The owner's report in a real browser: from the result page to the printable page, then all three downloads.

Selectors are ids and hrefs only: the wording is translated.
"""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from openpyxl import load_workbook
from pypdf import PdfReader

from rashinban.security import actions as security_actions
from tests.assessments.helpers import best_answers
from tests.conftest import login
from tests.reports.conftest import LATEST_AT, complete
from tests.security.helpers import all_answered

pytestmark = pytest.mark.browser


def signed_in_page(client, new_context, live_url, user):  # type: ignore[no-untyped-def]
    login(client, user)
    context = new_context(accept_downloads=True)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_url}])
    return context.new_page()


def download(page, link: str) -> bytes:  # type: ignore[no-untyped-def]
    with page.expect_download() as info:
        page.locator(f'#report-downloads a[href="{link}"]').click()
    return info.value.path().read_bytes()


def test_owner_opens_prints_and_downloads_the_report(live_url, new_context, console, shoot, client, alice, org_a):  # type: ignore[no-untyped-def]
    org_a.slug = "a-shoji"
    org_a.save(update_fields=["slug"])
    diagnosis = complete(org_a, alice, best_answers("management"), LATEST_AT)
    selfcheck = security_actions.start_selfcheck(org_a, alice)
    security_actions.submit_selfcheck(selfcheck, all_answered("partly", "management"), alice)
    page = signed_in_page(client, new_context, live_url, alice)

    page.goto(f"{live_url}/o/{org_a.id}/diagnoses/{diagnosis.id}/")
    pdf = download(page, f"/o/{org_a.id}/report/owner.pdf")
    workbook = load_workbook(io.BytesIO(download(page, f"/o/{org_a.id}/report/owner.xlsx")))
    html = download(page, f"/o/{org_a.id}/report/owner.html").decode()

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "A商事" in text and "経営者レポート" in text and "セキュリティ自社チェック" in text
    assert workbook.sheetnames == ["概要", "得点", "回答", "対策計画"]
    assert workbook["対策計画"].max_row > 1  # the self-check's plan
    assert "A商事" in html and "<style>" in html and "<script" not in html

    page.locator(f'#report-downloads a[href="/o/{org_a.id}/report/"]').click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/report/")
    assert page.locator("#print-button").is_visible()  # print.js ran under the strict CSP
    assert page.locator("article.sheet figure.chart svg").count() == 2
    shoot(page, "report-01-page", full_page=False)
    page.emulate_media(media="print")
    assert not page.locator(".report-toolbar").is_visible()
    page.emulate_media(media="screen")
    assert console.take() == []

    page.goto(f"{live_url}/o/{org_a.id}/security/checks/{selfcheck.id}/")
    assert page.locator(f'#report-downloads a[href="/o/{org_a.id}/report/owner.pdf"]').count() == 1
