"""Issue 16: every journey finishable by the owner of a ten-person company alone, on a phone and on a laptop.

Each journey runs at 360×740 (a phone) and 1366×900 (a laptop), using only what the page offers (the setup makes the
company and its people as a sign-up would; the journey itself signs in through the login page, with the code of an
authenticator app, and never touches the database). It counts the person's steps (a click, a tap, a key, a field
filled, a file chosen) and the time, prints them (`JOURNEY ...` lines, `-s`), and saves screenshots when
RASHINBAN_SCREENSHOTS is set. axe-core checks every page (conftest.new_context).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django_otp.oath import totp

from rashinban.orgs.models import EncryptedTOTPDevice
from rashinban.training.actions import assign_lesson
from tests.conftest import PASSWORD
from tests.e2e import accessibility
from tests.evidence.test_account_exports import FIXTURES as EXPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "laptop": {"viewport": {"width": 1366, "height": 900}},
}
RESULTS: list[str] = []
# Table headings and dates in tables never break inside (優先/度, 2026-12-/19): their text sits on one line.
WRAPPED_IN_TABLES = r"""() => {
  const lines = (range) => new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
  const broken = [];
  for (const cell of document.querySelectorAll("th, td")) {
    if (!cell.offsetParent) continue;
    if (cell.tagName === "TH" && cell.children.length === 0 && cell.textContent.trim()) {
      const range = document.createRange(); range.selectNodeContents(cell);
      if (lines(range) > 1) broken.push(cell.textContent.trim());
    }
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?/g)) {
        const range = document.createRange(); range.setStart(node, match.index); range.setEnd(node, match.index + match[0].length);
        if (lines(range) > 1) broken.push(match[0] + " in «" + cell.textContent.trim().slice(0, 80) + "» " + (cell.closest("table").id || cell.closest("table").className));
      }
    }
  }
  return broken;
}"""


@dataclass
class Journey:
    """The page a person uses, with the steps they take counted and the time taken measured."""

    name: str
    size: str
    page: object
    shoot: object
    steps: int = 0
    started: float = field(default_factory=time.monotonic)
    shots: int = 0

    def click(self, selector: str) -> None:
        self.page.locator(selector).click()  # type: ignore[attr-defined]
        self.steps += 1

    def fill(self, selector: str, value: str) -> None:
        self.page.fill(selector, value)  # type: ignore[attr-defined]
        self.steps += 1

    def choose(self, selector: str, value: str) -> None:
        self.page.select_option(selector, value)  # type: ignore[attr-defined]
        self.steps += 1

    def key(self, key: str) -> None:
        self.page.keyboard.press(key)  # type: ignore[attr-defined]
        self.steps += 1

    def files(self, selector: str, paths: list[str]) -> None:
        self.page.set_input_files(selector, paths)  # type: ignore[attr-defined]
        self.steps += 1

    def look(self, label: str, full_page: bool = True) -> None:
        """The page reads at this size: no sideways scrolling, no serious accessibility fault; then a screenshot."""
        page = self.page
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (  # type: ignore[attr-defined]
            f"{label}: wider than the {self.size} screen"
        )
        broken = page.evaluate(WRAPPED_IN_TABLES)  # type: ignore[attr-defined]
        assert not broken, f"{label}: broken inside a heading or a date: {broken}"
        bad = accessibility.check(page)
        assert not bad, accessibility.describe([(page.url, bad)])  # type: ignore[attr-defined]
        self.shots += 1
        self.shoot(page, f"i16-{self.name}-{self.shots:02d}-{label}-{self.size}", full_page=full_page)  # type: ignore[operator]

    def finish(self) -> str:
        line = f"JOURNEY {self.name} [{self.size}]: {self.steps} steps, {time.monotonic() - self.started:.1f} s"
        RESULTS.append(line)
        print(line)
        return line


@pytest.fixture(scope="module", autouse=True)
def _report():  # type: ignore[no-untyped-def]
    yield
    print("\n" + "\n".join(RESULTS))
    target = __import__("os").environ.get("RASHINBAN_SCREENSHOTS")
    if target and RESULTS:
        Path(target, "i16-journeys.txt").write_text("\n".join(RESULTS) + "\n", encoding="utf-8")


def code_for(user) -> str:  # type: ignore[no-untyped-def]
    """What the person's authenticator app shows now."""
    device = EncryptedTOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=30, t0=0, digits=6, drift=0):06d}"


def with_app(user):  # type: ignore[no-untyped-def]
    EncryptedTOTPDevice.objects.get_or_create(user=user, name="phone", defaults={"confirmed": True})
    return user


def sign_in(j: Journey, live_url: str, user, mfa: bool = True) -> None:  # type: ignore[no-untyped-def]
    j.page.goto(f"{live_url}/login/")  # type: ignore[attr-defined]
    j.fill('input[name="username"]', user.email)
    j.fill('input[name="password"]', PASSWORD)
    j.click('main form button[type="submit"]')
    if mfa:
        j.page.wait_for_url(f"{live_url}/mfa/verify/")  # type: ignore[attr-defined]
        j.fill('input[name="token"]', code_for(user))
        j.click('main form button[type="submit"]')
    j.page.wait_for_url(re.compile(r"/o/\d+/$"))  # type: ignore[attr-defined]


def nav(j: Journey, href: str, in_menu: bool) -> None:
    """A link of the top navigation: one tap for the weekly ones, the menu first for the rest."""
    if in_menu:
        j.click("#nav-more > summary")
    j.click(f'.topnav a[href="{href}"]')


@pytest.fixture(params=list(SIZES))
def size(request) -> str:  # type: ignore[no-untyped-def]
    return request.param


def test_navigation_has_six_entries_and_a_menu(live_url, new_context, shoot, alice, org_a, size):  # type: ignore[no-untyped-def]
    j = Journey("navigation", size, new_context(**SIZES[size]).new_page(), shoot)
    sign_in(j, live_url, with_app(alice))
    visible = j.page.evaluate(
        "[...document.querySelectorAll('.topnav .nav-main > li, .topnav .nav-more > summary')]"
        ".filter(e => e.offsetParent !== null).length"
    )
    assert visible <= 6
    header = j.page.locator("header.topbar").bounding_box()
    assert header["height"] <= (100 if size == "phone" else 70), header
    for weekly in ("/", "/steps/this-week/", "/plan/", "/training/"):  # one tap away
        assert j.page.locator(f'.nav-main a[href="/o/{org_a.id}{weekly}"]').is_visible()
    j.look("top")
    j.click("#nav-more > summary")
    j.look("menu-open", full_page=False)
    j.finish()


def test_a_draft_survives_leaving_the_page_keyboard_only(live_url, new_context, shoot, alice, org_a, size):  # type: ignore[no-untyped-def]
    j = Journey("diagnosis-draft", size, new_context(**SIZES[size]).new_page(), shoot)
    sign_in(j, live_url, with_app(alice))
    j.look("dashboard-first-hour")
    j.click("#first-hour-diagnosis .step-action button")
    j.page.wait_for_url(re.compile(r"/diagnoses/\d+/answer/$"))
    answer_url = j.page.url
    # Keyboard only: Tab into the first question, Space or an arrow picks an option, Tab goes to the next question.
    for _ in range(80):
        j.key("Tab")
        if j.page.evaluate("document.activeElement.type === 'radio'"):
            break
    picked = []
    for number in range(5):
        j.key("Space" if number % 2 == 0 else "ArrowDown")
        picked.append(j.page.evaluate("[document.activeElement.name, document.activeElement.value]"))
        j.key("Tab")
    status = j.page.locator("#answers-form-draft-status")
    deadline = time.monotonic() + 10
    while ":" not in status.inner_text() and time.monotonic() < deadline:  # the draft saved on the last change
        j.page.wait_for_timeout(100)
    assert ":" in status.inner_text()
    j.look("answering", full_page=False)
    # Leave: home through the top bar; come back through the first hour's card.
    j.click(f'.nav-main a[href="/o/{org_a.id}/"]')
    j.page.wait_for_url(f"{live_url}/o/{org_a.id}/")
    assert j.page.locator("#first-hour-diagnosis .step-action a").count() == 1  # "continue", not "start" again
    j.click("#first-hour-diagnosis .step-action a")
    j.page.wait_for_url(answer_url)
    assert j.page.locator("#draft-restored").is_visible()
    for name, value in picked:
        assert j.page.locator(f'input[name="{name}"][value="{value}"]').is_checked(), (name, value)
    j.click("#draft-continue")
    assert j.page.url.endswith("#q-" + j.page.locator("#draft-continue").get_attribute("href").split("#q-")[1])
    j.look("draft-restored", full_page=False)
    j.finish()


def test_a_failed_quiz_does_not_complete_the_lesson(live_url, new_context, shoot, alice, bob, org_a, size):  # type: ignore[no-untyped-def]
    assignment, _new = assign_lesson(org_a, bob, "targeted-mail", date.today() + timedelta(days=7), by=alice)
    j = Journey("quiz", size, new_context(**SIZES[size]).new_page(), shoot)
    sign_in(j, live_url, bob, mfa=False)
    j.click(f'.nav-main a[href="/o/{org_a.id}/training/"]')
    j.click(f'#my-lessons a[href="/o/{org_a.id}/training/{assignment.pk}/"]')
    for question in ("q1", "q2"):
        j.click(f'input[name="{question}"][value="a"]')  # wrong answers
    j.click('#answers-form button.primary[type="submit"]')
    j.page.locator("#quiz-result").wait_for()
    assert "まだ合格していません" in j.page.inner_text("#quiz-result")
    for question in ("q1", "q2"):
        assert j.page.locator(f"#explain-{question}").is_visible()  # every answer, right or wrong, explained
    j.look("quiz-failed")
    j.click(f'.nav-main a[href="/o/{org_a.id}/training/"]')
    assert "未合格" in j.page.inner_text("#my-lessons") and "完了" not in j.page.inner_text("#my-lessons")
    j.click(f'#my-lessons a[href="/o/{org_a.id}/training/{assignment.pk}/"]')
    for question in ("q1", "q2"):
        j.click(f'input[name="{question}"][value="b"]')
    j.click('#answers-form button.primary[type="submit"]')
    assert "合格" in j.page.inner_text("#quiz-result") and "まだ" not in j.page.inner_text("#quiz-result")
    j.look("quiz-passed")
    j.finish()


def test_each_evidence_check_through_forms_alone(live_url, new_context, shoot, alice, org_a, size, tmp_path):  # type: ignore[no-untyped-def]
    j = Journey("evidence-forms", size, new_context(**SIZES[size]).new_page(), shoot)
    sign_in(j, live_url, with_app(alice))
    evidence = f"/o/{org_a.id}/evidence/"
    nav(j, evidence, in_menu=True)
    # Devices: two rows typed in.
    j.click(f'#check-devices a.button[href="{evidence}devices/"]')
    for row, values in enumerate(
        (("PC-01", "pc", "Windows 10 Pro", "22H2", "はい"), ("SP-01", "phone", "iOS", "18.1", "はい")), 1
    ):
        name, kind, os_name, version, updates = values
        j.fill(f"#id_rows-{row}-name", name)
        j.choose(f"#id_rows-{row}-kind", kind)
        j.fill(f"#id_rows-{row}-os", os_name)
        j.fill(f"#id_rows-{row}-os_version", version)
        j.choose(f"#id_rows-{row}-auto_update", updates)
    j.look("devices-form")
    j.click("#check-form button.primary")
    j.page.wait_for_url(re.compile(r"/evidence/runs/\d+/$"))
    assert j.page.locator("#finding-os-eol").count() == 1  # Windows 10: no more security updates
    j.look("devices-findings")
    # Backups: one row.
    j.page.goto(f"{live_url}{evidence}backups/")
    j.steps += 1
    j.fill("#id_rows-1-name", "会計データ")
    j.choose("#id_rows-1-frequency", "daily")
    j.choose("#id_rows-1-medium", "nas")
    j.choose("#id_rows-1-location", "社内")
    j.fill("#id_rows-1-last_backup", date.today().isoformat())
    j.click("#check-form button.primary")
    j.page.wait_for_url(re.compile(r"/evidence/runs/\d+/$"))
    assert j.page.locator("#finding-backup-321").count() == 1
    # Password policy: a form of choices, no file.
    j.page.goto(f"{live_url}{evidence}password-policy/")
    j.steps += 1
    assert j.page.locator('input[type="file"]').count() == 0
    j.fill("#id_min_length", "8")
    j.choose("#id_reuse_forbidden", "no")
    j.choose("#id_mfa", "optional")
    j.choose("#id_change_on_compromise", "yes")
    j.choose("#id_password_manager", "none")
    j.look("password-policy-form")
    j.click("#check-form button.primary")
    j.page.wait_for_url(re.compile(r"/evidence/runs/\d+/$"))
    assert j.page.locator("#finding-policy-mfa").count() == 1
    # Accounts: the Google Workspace download with an extra admin-role column is read; the rest is listed.
    lines = (EXPORTS / "google_workspace_users.csv").read_text(encoding="utf-8").splitlines()
    export = tmp_path / f"User_Download_{size}.csv"  # as the admin console names its download
    export.write_text("\n".join([lines[0] + ",Admin role"] + [f"{line},{'Super Admin' if i == 0 else ''}" for i, line in
                                 enumerate(lines[1:])]), encoding="utf-8")  # fmt: skip
    j.page.goto(f"{live_url}{evidence}accounts/")
    j.steps += 1
    assert j.page.locator("#guide-google").is_visible() and j.page.locator("#guide-no-admin").count() == 1
    j.look("accounts-guide")
    j.files("#id_files", [str(export)])
    j.click("#check-form button.primary")
    j.page.wait_for_url(re.compile(r"/evidence/runs/\d+/$"))
    assert "Recovery Email" in j.page.inner_text("#ignored-columns")
    j.look("accounts-ignored-columns")
    j.finish()


@pytest.fixture
def smtp_server():  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller

    from tests.drills.conftest import Inbox
    from tests.tasks.test_refused_mail_is_a_visible_failure import free_port

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def test_first_drill_reaches_test_mail_delivered(live_url, new_context, shoot, alice, bob, org_a, smtp_server, size):  # type: ignore[no-untyped-def]
    inbox, port = smtp_server
    j = Journey("first-drill", size, new_context(**SIZES[size]).new_page(), shoot)
    sign_in(j, live_url, with_app(alice))
    drills = f"/o/{org_a.id}/drills/"
    nav(j, drills, in_menu=True)
    j.click("#first-drill")
    j.look("guide-start")
    # 1. The domain, proved by a code mailed to its postmaster (no DNS).
    j.click("#go-domains")
    j.fill("#id_domain", "a.example")
    j.click('main form:not([action]) button[type="submit"]')
    j.page.locator("select[id^=mailbox-]").wait_for()
    j.choose("select[id^=mailbox-]", "postmaster")
    j.click("button[id^=send-code-]")
    message = next(m for m in reversed(mail.outbox) if m.to == ["postmaster@a.example"])
    code = re.search(r"^\s+(\d{8})$", message.body, re.M).group(1)  # the postmaster passes it on
    j.fill("input[id^=code-]", code)
    j.click("button[id^=confirm-code-]")
    assert j.page.locator("#domains .badge.done").count() == 1
    # 2. The mail server (the local SMTP server stands for Microsoft 365's or Google's).
    j.page.goto(f"{live_url}{drills}first/")
    j.steps += 1
    assert "done" in j.page.locator("#step-domain").get_attribute("class")
    j.click("#go-settings")
    j.fill("#id_host", "127.0.0.1")
    j.fill("#id_port", str(port))
    j.choose("#id_security", "none")
    j.click('main form button[type="submit"]')
    # 3. A ready-made mail.
    j.page.goto(f"{live_url}{drills}first/")
    j.steps += 1
    j.click("#go-templates")
    j.page.locator("#lures li", has=j.page.locator('input[value="password-expiry"]')).locator(
        'button[value="ja"]'
    ).click()
    j.steps += 1
    j.page.wait_for_selector("#preview")
    # 4. The plan and the test mail to oneself first.
    j.click("#use-template")
    now = time.localtime()
    j.fill("#id_name", "はじめての訓練")
    j.fill("#id_from_address", "it@a.example")
    j.fill("#id_window_start", time.strftime("%Y-%m-%dT%H:%M", now))
    j.fill("#id_window_end", time.strftime("%Y-%m-%dT%H:%M", time.localtime(time.time() + 3600)))
    j.click('main form button[type="submit"]')
    j.click("#send-test")
    j.page.locator("#test-delivered").wait_for()
    assert [m["To"] for m in inbox.messages] == ["alice@a.example"]
    j.look("test-mail-delivered")
    j.page.goto(f"{live_url}{drills}first/")
    assert j.page.locator("#first-test-delivered").is_visible()
    assert "next" in j.page.locator("#step-start").get_attribute("class")
    j.look("guide-after-test")
    j.finish()


def test_radar_labels_are_readable_on_a_phone(live_url, new_context, shoot, alice, org_a, size):  # type: ignore[no-untyped-def]
    from rashinban.assessments import actions
    from tests.assessments.helpers import best_answers

    diagnosis = actions.submit_management_answers(
        actions.start_diagnosis(org_a, alice), best_answers("management"), alice
    )
    j = Journey("radar", size, new_context(**SIZES[size]).new_page(), shoot)
    sign_in(j, live_url, with_app(alice))
    j.page.goto(f"{live_url}/o/{org_a.id}/diagnoses/{diagnosis.id}/")
    j.steps += 1
    # The axis labels' font size as drawn: their size in the drawing times the drawing's scale on the screen.
    smallest = j.page.evaluate(
        """() => {
            const svg = document.querySelector('#radar svg');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const labels = [...svg.querySelectorAll('text')].filter(t => !/^\\d+$/.test(t.textContent.trim()));
            return Math.min(...labels.map(t => parseFloat(t.getAttribute('font-size')) * scale));
        }"""
    )
    assert smallest >= 10.5, f"radar labels are {smallest:.1f} px high"
    j.look("result")
    j.finish()
