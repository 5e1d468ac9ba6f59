"""The questionnaire pages: upload, review, edit an answer, download the customer's workbook filled."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from rashinban.questionnaires.models import Upload
from tests.conftest import login
from tests.questionnaires.workbooks import FIRST, customer_workbook


def test_upload_review_edit_download(as_alice, org_a):
    base = f"/o/{org_a.id}/questionnaires/"
    sent = SimpleUploadedFile("調査票.xlsx", customer_workbook())
    response = as_alice.post(base, {"file": sent})
    assert response.status_code == 302
    upload = Upload.objects.get(organisation=org_a)
    page = as_alice.get(response["Location"]).content.decode()
    assert f'id="answer-{FIRST + 1}"' in page and "調査票" in page
    download = as_alice.post(response["Location"], {f"answer-{FIRST + 1}": "はい（毎月第2水曜に適用）"})
    assert download.status_code == 200 and ".xlsx" in download["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(download.content))["調査票"]
    assert sheet[f"D{FIRST + 1}"].value == "はい（毎月第2水曜に適用）"
    assert sheet["F2"].value.startswith("=COUNTA")
    assert upload.name == "調査票.xlsx"


def test_a_bad_file_is_refused_with_its_name(as_alice, org_a):
    response = as_alice.post(
        f"/o/{org_a.id}/questionnaires/", {"file": SimpleUploadedFile("壊れた.xlsx", b"no")}, follow=True
    )
    assert "壊れた.xlsx" in response.content.decode()
    assert not Upload.objects.exists()


def test_members_and_other_companies_cannot(client, bob, mallory, org_a):
    upload = Upload.objects.create(organisation=org_a, name="a.xlsx", data=customer_workbook())
    login(client, bob)
    assert client.get(f"/o/{org_a.id}/questionnaires/{upload.pk}/").status_code in (403, 404)
    login(client, mallory)
    assert client.get(f"/o/{org_a.id}/questionnaires/{upload.pk}/").status_code == 404
