"""The report page and its downloads: for the company's owner, members and advisors; 404 for anyone else."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import login

FORMS = {
    "reports:pdf": ("application/pdf", ".pdf"),
    "reports:xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "reports:html": ("text/html; charset=utf-8", ".html"),
}


@pytest.mark.parametrize("persona", ["alice", "bob", "carol"])
def test_people_of_the_company_download_every_form(client, request, reported_org, persona):
    login(client, request.getfixturevalue(persona))

    for name, (content_type, suffix) in FORMS.items():
        response = client.get(reverse(name, args=[reported_org.id]))
        assert response.status_code == 200, name
        assert response["Content-Type"] == content_type
        assert re.fullmatch(  # the company's name in filename* (tests/test_download_names.py decodes it)
            rf"attachment; filename=\"rashinban-\d{{4}}-\d\d-\d\d\{suffix}\"; "
            rf"filename\*=UTF-8''A%E5%95%86%E4%BA%8B_%E7%B5%8C%E5%96%B6%E8%80%85%E3%83%AC%E3%83%9D%E3%83%BC%E3%83%88_"
            rf"\d{{4}}-\d\d-\d\d\{suffix}",
            response["Content-Disposition"],
        )
        assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert PdfReader(io.BytesIO(client.get(reverse("reports:pdf", args=[reported_org.id])).content)).pages
    assert load_workbook(io.BytesIO(client.get(reverse("reports:xlsx", args=[reported_org.id])).content)).sheetnames


def test_report_page_has_print_button_and_downloads_and_keeps_the_csp(as_alice, reported_org):
    response = as_alice.get(reverse("reports:owner", args=[reported_org.id]))
    page = response.content.decode()

    assert response.status_code == 200
    assert 'id="print-button"' in page and "/static/js/print.js" in page
    for name in FORMS:
        assert f'href="{reverse(name, args=[reported_org.id])}"' in page
    assert not re.search(r"<script(?![^>]*\ssrc=)", page) and "<style" not in page and " style=" not in page


def test_result_page_offers_the_downloads(as_alice, reported_org):
    diagnosis = reported_org.diagnoses.order_by("-completed_at").first()
    page = as_alice.get(reverse("assessments:result", args=[reported_org.id, diagnosis.id])).content.decode()

    assert 'id="report-downloads"' in page
    assert f'href="{reverse("reports:pdf", args=[reported_org.id])}"' in page


@pytest.mark.parametrize("name", ["reports:owner", *FORMS])
def test_owner_of_another_company_gets_404(client, mallory, reported_org, name):
    login(client, mallory)

    response = client.get(reverse(name, args=[reported_org.id]))

    assert response.status_code == 404
    assert b"A\xe5\x95\x86\xe4\xba\x8b" not in response.content  # "A商事"


def test_visitor_who_is_not_signed_in_goes_to_sign_in(client, reported_org):
    response = client.get(reverse("reports:pdf", args=[reported_org.id]))

    assert response.status_code == 302 and response["Location"].startswith("/login/")
