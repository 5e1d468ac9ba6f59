"""A mail scanner's sandbox and a person, both in a real browser against the running server: the sandbox moves
the pointer, scrolls and presses every button quickly (Playwright's own clicks); the person reads, moves the
mouse there and presses. Both verdicts, the lessons and what the owner's page shows are asserted."""

from __future__ import annotations

import pytest

from rashinban.drills.models import Verdict
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Organisation
from rashinban.training.models import Assignment
from tests.conftest import add_member, make_user
from tests.drills.conftest import planned, verified
from tests.drills.test_verdicts_and_lessons import sent
from tests.e2e.drill_people import browser_page, person_presses
from tests.e2e.test_drills import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sandbox_presses_everything(page, links: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """What a detonation sandbox does: load, jiggle, scroll, press every button as fast as it can."""
    page.goto(links["c"])
    page.mouse.move(5, 5)
    page.mouse.move(600, 400)
    page.mouse.wheel(0, 300)
    page.click("#continue")
    page.click('#lure-form button[type="submit"]')
    page.wait_for_selector("#teach")
    page.goto(links["r"])
    page.click("#report")
    page.wait_for_selector("#reported")


def test_sandbox_and_person_side_by_side(live_url, new_context, console, shoot):  # type: ignore[no-untyped-def]
    org = Organisation.objects.create(name="株式会社みなと精工")
    owner = make_user("owner@a.example", "山田 太郎")
    add_member(owner, org, Role.OWNER)
    for email, name in (("bob@a.example", "佐藤 健"), ("dan@a.example", "鈴木 花子")):
        add_member(make_user(email, name), org, Role.MEMBER)
    verified(org)
    drill = planned(org, owner)
    # Dan's mail is opened by the sandbox a minute after delivery; Bob reads his twenty minutes later.
    dan = {k: f"{live_url}/d/{k}/{t}/" for k, t in (("c", sent(drill, "dan@a.example", 1)),)}
    dan["r"] = dan["c"].replace("/d/c/", "/d/r/")
    bob = f"{live_url}/d/c/{sent(drill, 'bob@a.example', 20)}/"

    sandbox = browser_page(new_context)
    sandbox_presses_everything(sandbox, dan)
    assert sandbox.locator("#reported").count() == 1  # the sandbox sees the same pages a person does

    person = browser_page(new_context)
    person.goto(bob)
    person_presses(person, "#continue")
    person.fill("#lure-user", "bob@a.example")
    person.fill("#lure-pass", "not-kept-anywhere-123")
    person_presses(person, '#lure-form button[type="submit"]')
    person.wait_for_selector("#teach")
    assert person.locator("#assigned-lesson").count() == 1

    # The verdicts, and the lessons that follow them.
    dan_verdict, bob_verdict = (Verdict.objects.get(recipient__email=e) for e in ("dan@a.example", "bob@a.example"))
    assert (dan_verdict.clicked, dan_verdict.submitted, dan_verdict.reported, dan_verdict.set_aside) == (
        False, False, False, 3)  # fmt: skip
    assert (bob_verdict.clicked, bob_verdict.submitted, bob_verdict.reported) == (True, True, False)
    sandbox_press = next(r for r in dan_verdict.reasons if r["event"] == "interaction")
    assert sandbox_press["code"] == "machine_like" and {"no_approach", "centred"} <= set(sandbox_press["details"])
    assert [r["code"] for r in bob_verdict.reasons if r["event"] != "landing"] == ["person", "person"]
    assert list(Assignment.objects.values_list("user__email", flat=True)) == ["bob@a.example"]
    sandbox.goto(dan["c"].replace("/d/c/", "/d/t/"))
    assert sandbox.locator("#assigned-lesson").count() == 0  # nobody is told a lesson was added for a scan

    # What the owner sees.
    page = signed_in(new_context, live_url, owner)
    page.goto(f"{live_url}/o/{org.id}/drills/{drill.pk}/")
    assert page.inner_text("#click-count") == "1" and page.inner_text("#report-count") == "0"
    assert "3" in page.inner_text("#set-aside")
    dan_row = page.locator('tr[data-person="鈴木 花子"]')
    assert dan_row.locator(".set-aside").inner_text() == "3"
    assert "除外: 機械の操作のように" in dan_row.locator(".reasons").inner_text()
    bob_row = page.locator('tr[data-person="佐藤 健"]')
    assert bob_row.locator(".clicked").inner_text() == "✔" and "数えた" in bob_row.locator(".reasons").inner_text()
    assert page.locator("#opens-note").count() == 1
    shoot(page, "drills-05-verdicts", full_page=True)
    assert console.take() == []
