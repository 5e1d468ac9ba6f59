"""The whole product in a real browser, as a new company would use it.

The owner registers, enrols a TOTP app, answers the diagnosis and hands out three survey links;
three staff answer on their phones; the owner then sees both views side by side.
Selectors are ids, names, hrefs and form actions only: the wording is being translated.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django_otp.oath import totp
from pypdf import PdfReader

from rashinban.assessments import actions
from tests.assessments.helpers import best_answers, unknown_answers
from tests.conftest import login

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

PASSWORD = "kompass-Rashinban-2025"  # 12+ characters, not common, not like the e-mail address


def save_pdf_page(pdf: bytes, name: str) -> None:
    """Page 1 of a PDF as PNG in the screenshots folder, when RASHINBAN_SCREENSHOTS is set (pdftoppm)."""
    target = os.environ.get("RASHINBAN_SCREENSHOTS")
    if not target or not shutil.which("pdftoppm"):
        return
    Path(target).mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        command = ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", file.name, f"{target}/{name}"]
        subprocess.run(command, check=True, timeout=60)


def current_code(secret: str) -> str:
    """The code an authenticator app would show now for this base32 key (RFC 6238, 30 s, 6 digits)."""
    return f"{totp(base64.b32decode(secret), step=30, t0=0, digits=6, drift=0):06d}"


def answer_every_question(page, offset: int) -> int:  # type: ignore[no-untyped-def]
    """Click one option label per question (a different mix per person); return the number of questions."""
    questions = page.locator("form.answers .question")
    total = questions.count()
    assert total > 0
    for index in range(total):
        options = questions.nth(index).locator("label.option")
        options.nth((index * 3 + offset) % options.count()).click()
    assert page.locator("form.answers input[type=radio]:checked").count() == total
    return total


def test_owner_and_staff_journey(live_url, new_context, console, shoot):  # type: ignore[no-untyped-def]
    owner = new_context().new_page()

    # The landing page leads to the registration form.
    owner.goto(live_url + "/")
    assert owner.locator("html").get_attribute("lang") == "ja"
    shoot(owner, "01-landing")
    owner.locator('main a[href="/signup/"]').click()
    owner.wait_for_url(f"{live_url}/signup/")

    owner.fill("#id_org-name", "羅針盤テスト工業株式会社")
    owner.select_option("#id_org-industry", "manufacturing")
    owner.select_option("#id_org-employee_band", "21-50")
    owner.select_option("#id_org-prefecture", "愛知県")
    owner.fill("#id_user-email", "owner@kompass.example")
    owner.fill("#id_user-display_name", "山田 太郎")
    owner.fill("#id_user-password1", PASSWORD)
    owner.fill("#id_user-password2", PASSWORD)
    assert owner.locator("#id_user-language").input_value() == "ja"
    owner.evaluate("document.activeElement.blur()")
    shoot(owner, "02-signup", full_page=True)
    owner.locator('form[method="post"] button[type="submit"]').click()

    # The account exists once the address is confirmed: the link from the mail, then one button.
    owner.wait_for_selector("#signup-sent")
    link = re.search(r"https?://\S+/signup/confirm/\S+/", mail.outbox[-1].body).group(0)
    owner.goto(link)
    owner.locator("#confirm-signup").click()

    # Owners must enrol a second factor before anything else.
    owner.wait_for_url(f"{live_url}/mfa/setup/")
    assert owner.locator(".qr svg").count() == 1
    shoot(owner, "03-mfa-setup", full_page=True)
    secret = "".join(owner.locator("#totp-secret").inner_text().split())
    owner.fill("#id_token", current_code(secret))
    owner.locator('main form[method="post"] button[type="submit"]').click()

    codes = owner.locator("#backup-codes li code")
    codes.first.wait_for()
    assert codes.count() >= 8
    assert len({codes.nth(i).inner_text() for i in range(codes.count())}) == codes.count()
    shoot(owner, "04-backup-codes", full_page=True)
    owner.locator('main a.button[href="/"]').click()

    # The dashboard offers the diagnosis: the first hour's checklist names it as the next step.
    owner.wait_for_url(re.compile(r"/o/\d+/$"))
    org_id = int(re.search(r"/o/(\d+)/$", owner.url).group(1))
    owner.locator(f'#first-hour-diagnosis form[action="/o/{org_id}/diagnoses/new/"] button').click()
    owner.wait_for_url(re.compile(rf"/o/{org_id}/diagnoses/\d+/answer/$"))
    diagnosis_id = int(re.search(r"/diagnoses/(\d+)/answer/$", owner.url).group(1))
    result_path = f"/o/{org_id}/diagnoses/{diagnosis_id}/"

    answer_every_question(owner, offset=0)
    owner.evaluate("window.scrollTo(0, 0)")
    shoot(owner, "05-diagnosis-answer")
    owner.locator('form.answers button[type="submit"]').click()
    owner.wait_for_url(live_url + result_path)
    assert owner.locator("#overall-score").inner_text().strip().isdigit()
    assert owner.locator("#radar svg polygon.series").count() == 1  # management only, no staff yet

    # Three survey links to hand out.
    owner.locator(f'main a[href="{result_path}survey/"]').first.click()
    owner.wait_for_url(f"{live_url}{result_path}survey/")
    owner.fill("#id_count", "3")
    owner.locator('main form[method="post"] button').click()
    links = owner.locator(".survey-card .card-url a")  # the printable sheet: one card per person, with a QR code
    links.first.wait_for()
    urls = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(urls) == 3 and len(set(urls)) == 3
    assert owner.locator(".survey-card .card-qr svg").count() == 3
    shoot(owner, "09-survey-sheet", full_page=True)
    printed = PdfReader(io.BytesIO(owner.pdf(format="A4", print_background=True)))  # as the browser prints it
    assert len(printed.pages) == 1 and all(url in printed.pages[0].extract_text().replace("\n", "") for url in urls)
    save_pdf_page(owner.pdf(format="A4"), "10-survey-sheet-print")
    assert all(re.fullmatch(rf"{re.escape(live_url)}/s/[\w-]+/", url) for url in urls)

    # Each member of staff answers on a phone, without an account.
    for number, url in enumerate(urls, start=1):
        phone = new_context(**PHONE).new_page()
        response = phone.goto(url)
        assert response.status == 200
        assert phone.locator("html").get_attribute("lang") == "ja"
        answer_every_question(phone, offset=number)
        if number == 1:
            phone.evaluate("window.scrollTo(0, 0)")
            shoot(phone, "06-survey-phone")
        phone.locator('form.answers button[type="submit"]').click()
        phone.locator("#survey-thanks").wait_for()
        assert phone.locator("form.answers").count() == 0
        if number == 1:
            shoot(phone, "07-survey-thanks")
    assert console.take() == []

    # A used link cannot answer twice: 410 Gone with an explanation.
    phone = new_context(**PHONE).new_page()
    response = phone.goto(urls[0])
    assert response.status == 410
    assert phone.locator("#survey-closed").is_visible()
    assert phone.locator("form.answers").count() == 0
    assert console.take(expected=r"status of 410") == []

    # Back as the owner: both views on the radar, staff scores per pattern, recommendations.
    owner.goto(live_url + result_path)  # from the printed sheet (a page of its own) back to the result
    assert owner.locator("html").get_attribute("lang") == "ja"
    assert owner.locator("#radar svg polygon.series").count() == 2
    rows = owner.locator("#pattern-table tbody tr")
    assert rows.count() == 7
    for i in range(rows.count()):
        staff_cell = rows.nth(i).locator("td").nth(2)
        assert staff_cell.locator(".level-badge").inner_text().strip().isdigit()
    assert owner.locator("#recommendations .ranked-step").count() >= 1
    assert owner.locator("#recommendations .ranked-step .why").count() >= 1
    shoot(owner, "08-result", full_page=True)
    owner.set_viewport_size({"width": 360, "height": 740})  # the owner may look at it on a phone too
    assert owner.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert console.take() == []


def test_survey_fits_a_small_phone(live_url, new_context, console, alice, org_a):  # type: ignore[no-untyped-def]
    """At 360 px (the narrowest common Android width) nothing scrolls sideways, and every page answers."""
    diagnosis = actions.start_diagnosis(org_a, alice)
    token = actions.issue_survey_links(diagnosis, 1, [], "ja")[0]
    page = new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True).new_page()

    def fits() -> bool:
        return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    assert page.goto(f"{live_url}/s/{token}/").status == 200
    assert page.locator("form.answers .question").count() > 0
    assert fits(), page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    # The selected state (border and background) must not widen anything either.
    for index in range(page.locator("form.answers .question").count()):
        page.locator("form.answers .question").nth(index).locator("label.option").last.tap()
    assert fits()
    page.locator('form.answers button[type="submit"]').tap()
    page.locator("#survey-thanks").wait_for()
    assert fits()
    assert page.goto(f"{live_url}/s/{token}/").status == 410
    assert fits()
    assert console.take(expected=r"status of 410") == []


@pytest.mark.parametrize("language", ["ja", "en"])
def test_radar_labels_stay_inside_the_chart(live_url, new_context, client, alice, org_a, language):  # type: ignore[no-untyped-def]
    """Every axis label of the radar is drawn inside the chart, in both languages (measured by the browser)."""
    alice.language = language
    alice.save(update_fields=["language"])
    diagnosis = actions.start_diagnosis(org_a, alice)
    actions.submit_management_answers(diagnosis, best_answers("management"), alice)
    for token in actions.issue_survey_links(diagnosis, 3, [], language):
        actions.submit_staff_response(token, unknown_answers("staff"))
    login(client, alice)
    context = new_context()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_url}])
    page = context.new_page()
    page.goto(f"{live_url}/o/{org_a.id}/diagnoses/{diagnosis.id}/")
    outside = page.evaluate(
        """() => {
            const svg = document.querySelector('#radar svg');
            const box = svg.viewBox.baseVal;
            return [...svg.querySelectorAll('text')].filter(t => {
                const b = t.getBBox();
                return b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.width || b.y + b.height > box.y + box.height;
            }).map(t => t.textContent);
        }"""
    )
    assert outside == []
