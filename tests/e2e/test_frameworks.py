"""Customer requirements in a real browser, as a new owner meets them: the readiness of SECURITY ACTION and METI
★4, the evidence package, a customer's Excel questionnaire (merged cells, formulas, two sheets) answered and
downloaded intact, and the page for customers opened by its secret link, then turned off.
Selectors are ids, names and hrefs only: the wording is translated."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from rashinban.assessments.catalog import get_catalog
from rashinban.assessments.models import Diagnosis
from rashinban.documents.models import DocumentVersion
from rashinban.evidence.models import CheckRun
from tests.conftest import login
from tests.questionnaires.workbooks import FIRST, customer_workbook

pytestmark = pytest.mark.browser
SELFCHECK = get_catalog("security-selfcheck")


def signed_in_context(new_context, live_url, user):  # type: ignore[no-untyped-def]
    client = login(Client(), user)
    context = new_context(accept_downloads=True, locale="ja-JP")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_url}])
    return context


def company_records(org) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    answers = {q.id: max(q.options, key=lambda o: o.points).id for _s, q in SELFCHECK.questions_for("management")}
    answers["basic-mfa"] = min(SELFCHECK.question("basic-mfa").options, key=lambda o: o.points).id
    Diagnosis.objects.create(organisation=org, catalog_id="security-selfcheck", catalog_version=SELFCHECK.version,
                             completed_at=now - timedelta(days=3), management_answers=answers)  # fmt: skip
    DocumentVersion.objects.create(organisation=org, kind="policy", number=1, title="情報セキュリティ基本方針",
                                   body="方針", published_at=now - timedelta(days=1))  # fmt: skip
    CheckRun.objects.create(organisation=org, check_name="backups", created_at=now - timedelta(days=2),
                            result={"findings": []}, finding_count=0)  # fmt: skip


def test_customer_requirements_journey(live_url, new_context, console, shoot, alice, org_a, tmp_path):  # type: ignore[no-untyped-def]
    company_records(org_a)
    page = signed_in_context(new_context, live_url, alice).new_page()
    base = f"{live_url}/o/{org_a.id}"

    # The library: every framework with how far the company's records already go.
    page.goto(f"{base}/frameworks/")
    page.locator("#fw-meti-supply-chain-4").wait_for()
    shoot(page, "frameworks-01-library", full_page=True)

    # SECURITY ACTION: one star ready, two stars wait for IPA's own self-diagnosis.
    page.locator("#fw-security-action a").click()
    page.locator("#levels").wait_for()
    assert page.locator("#req-2-2 td").nth(2).locator(".fw-proven").count() == 1
    page.locator("#aim").click()
    page.locator("#drop-target").wait_for()
    shoot(page, "frameworks-02-security-action", full_page=True)

    # METI ★4: a third party evaluates; download the evidence package.
    page.goto(f"{base}/frameworks/meti-supply-chain-4/")
    page.locator("#requirements").wait_for()
    shoot(page, "frameworks-03-meti-4-readiness")
    with page.expect_download() as info:
        page.locator("#evidence-package").click()
    package = tmp_path / "package.zip"
    info.value.save_as(str(package))
    archive = zipfile.ZipFile(package)
    assert {"00_index.pdf", "index.json", "documents/policy_v1.pdf", "checks/backups.json"} <= set(archive.namelist())
    assert json.loads(archive.read("index.json"))["framework"] == "meti-supply-chain-4"

    # A customer's questionnaire: upload, check the drafts, change one, download.
    page.goto(f"{base}/frameworks/")
    page.locator("#open-questionnaire").click()
    source = tmp_path / "取引先調査票.xlsx"
    source.write_bytes(customer_workbook())
    page.set_input_files("#id_file", str(source))
    page.locator("#upload-questionnaire").click()
    page.locator("#drafts").wait_for()
    assert page.locator(f"#answer-{FIRST + 1}").input_value().startswith("はい")
    page.fill(f"#answer-{FIRST + 3}", "導入予定（2027年3月まで）")
    shoot(page, "frameworks-04-questionnaire-review", full_page=True)
    with page.expect_download() as info:
        page.locator("#download-answered").click()
    answered = tmp_path / "answered.xlsx"
    info.value.save_as(str(answered))
    book, before = load_workbook(answered), load_workbook(io.BytesIO(customer_workbook()))
    sheet = book["調査票"]
    assert book.sheetnames == ["表紙", "調査票"]
    assert (
        sheet[f"D{FIRST + 1}"].value.startswith("はい") and sheet[f"D{FIRST + 3}"].value == "導入予定（2027年3月まで）"
    )
    assert sheet[f"D{FIRST + 7}"].value is None  # 従業員数: left for the owner
    assert sheet["F2"].value == before["調査票"]["F2"].value and book["表紙"]["B4"].value == before["表紙"]["B4"].value
    assert sorted(map(str, sheet.merged_cells.ranges)) == sorted(map(str, before["調査票"].merged_cells.ranges))

    # The page for customers: a secret link, opened by someone without an account, then turned off.
    page.goto(f"{base}/public-page/")
    page.fill("#id_contact", "security@a.example")
    page.locator("#save-contact").click()
    page.locator("#make-secret").click()
    link = page.locator("#secret-link").inner_text()
    shoot(page, "frameworks-05-public-page-settings", full_page=True)
    visitor = new_context(locale="ja-JP").new_page()
    visitor.goto(link)
    visitor.locator("#public-facts").wait_for()
    assert "security@a.example" in visitor.locator("#pub-contact").inner_text()
    shoot(visitor, "frameworks-06-public-page", full_page=True)
    page.locator("#turn-off").click()
    page.locator("#make-secret").wait_for()
    assert console.take() == []
    assert visitor.goto(link).status == 404
    assert console.take(expected=r"404 \(Not Found\) \(" + link) == []


def test_screenshots_are_listed(pytestconfig):  # type: ignore[no-untyped-def]
    readme = Path(pytestconfig.rootpath, "docs", "screenshots", "README.md").read_text(encoding="utf-8")
    assert "frameworks-01-library.png" in readme
