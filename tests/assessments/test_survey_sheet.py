"""The printable sheet of survey links: one card per person, a QR code that really reads as its link, and the
sheet as the only copy of the links (not the session, not the database, not a job).

Each QR code is read back by zxing-cpp, an implementation independent of the qrcode package that drew it, from
the card's SVG drawn to PDF (svglib) and rendered to pixels (poppler's pdftoppm).
"""

from __future__ import annotations

import io
import re
import subprocess

import pytest
import zxingcpp
from django.contrib.sessions.models import Session
from PIL import Image
from reportlab.graphics import renderPDF
from svglib.svglib import svg2rlg

from rashinban.assessments import actions
from rashinban.assessments.models import SurveyLink
from rashinban.orgs.models import hash_token
from rashinban.tasks.models import Job
from tests.assessments.test_survey import asking
from tests.conftest import login
from tests.reports.poppler import require

CARD = re.compile(r'<article class="survey-card">(.*?)</article>', re.S)


@pytest.fixture
def diagnosis(org_a, alice):  # type: ignore[no-untyped-def]
    return actions.start_diagnosis(org_a, alice)


def url(diagnosis) -> str:  # type: ignore[no-untyped-def]
    return f"/o/{diagnosis.organisation_id}/diagnoses/{diagnosis.id}/survey/"


def cards(html: str) -> list[tuple[str, str]]:
    """(link, QR code SVG) of each card on the sheet."""
    found = []
    for card in CARD.findall(html):
        link = re.search(r'<p class="card-url"><a href="([^"]+)">', card).group(1)  # type: ignore[union-attr]
        svg = re.search(r"<svg.*?</svg>", card, re.S).group(0)  # type: ignore[union-attr]
        found.append((link, svg))
    return found


def read_qr(svg: str, tmp_path) -> str:  # type: ignore[no-untyped-def]
    require("pdftoppm")
    pdf = tmp_path / "qr.pdf"
    renderPDF.drawToFile(svg2rlg(io.BytesIO(svg.encode())), str(pdf))
    subprocess.run(["pdftoppm", "-png", "-r", "300", "-singlefile", str(pdf), str(tmp_path / "qr")], check=True)
    results = zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))
    assert len(results) == 1
    return results[0].text


def test_each_card_carries_its_own_link_as_a_qr_code_that_reads_back(client, alice, diagnosis, tmp_path):
    response = login(client, alice).post(url(diagnosis), asking(count="3"))
    found = cards(response.content.decode())

    assert len(found) == 3 and len({link for link, _svg in found}) == 3
    for link, svg in found:
        assert read_qr(svg, tmp_path) == link
        token = re.fullmatch(r"http://[^/]+/s/([\w-]+)/", link).group(1)  # type: ignore[union-attr]
        assert SurveyLink.objects.filter(diagnosis=diagnosis, token_hash=hash_token(token)).exists()
        assert client.get(f"/s/{token}/").status_code == 200  # the link works for the person who gets the card


def test_the_sheet_says_who_asks_why_and_until_when(client, alice, diagnosis):
    alice.display_name = "港 一郎"
    alice.save()
    form = asking(count="1")
    page = login(client, alice).post(url(diagnosis), form).content.decode()
    year, month, day = (int(part) for part in form["answer_by"].split("-"))

    assert "A商事" in page and "港 一郎" in page and f"{year}年{month}月{day}日" in page
    assert "匿名" in page and "DXつまずき診断" in page
    assert 'id="print-button"' in page and "<script>" not in page and 'style="' not in page  # the strict CSP


def test_the_sheet_is_the_only_copy_of_its_links(client, alice, diagnosis):
    response = login(client, alice).post(url(diagnosis), asking(count="2"))
    tokens = [re.search(r"/s/([\w-]+)/", link).group(1) for link, _svg in cards(response.content.decode())]  # type: ignore[union-attr]

    assert "no-store" in response["Cache-Control"]
    stored = [str(s.get_decoded()) for s in Session.objects.all()] + [str(j.kwargs) for j in Job.objects.all()]
    stored += [str(list(SurveyLink.objects.values()))]
    assert tokens and not any(token in text for token in tokens for text in stored)


def test_staff_on_the_sheet_see_the_date_on_the_survey_page(client, alice, diagnosis):
    response = login(client, alice).post(url(diagnosis), asking(count="1"))
    link = cards(response.content.decode())[0][0]
    client.logout()

    page = client.get(link).content.decode()

    assert 'id="answer-by"' in page


def test_a_member_cannot_make_a_sheet_and_another_company_gets_404(client, bob, mallory, diagnosis):
    assert login(client, bob).post(url(diagnosis), asking(count="1")).status_code == 403
    assert login(client, mallory).post(url(diagnosis), asking(count="1")).status_code == 404
    assert not SurveyLink.objects.exists()
