"""One plan, one voice, in a real browser: the demo company's owner signs in and finds the same first five steps
with the same dates on the dashboard, the action plan and the roadmap, and their own in "this week"; a date
moved on the action plan shows moved on the dashboard. Screenshots at 1366×900 and on a 360×740 phone.

Selectors are ids, data attributes and form actions only: the wording is translated.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from rashinban.nextsteps import plan_for
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, Organisation
from tests.e2e.test_security import signed_in_page

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 740}


def steps_on(page, container: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    items = page.locator(f"{container} li.ranked-step")
    return [
        (items.nth(i).get_attribute("data-step"), items.nth(i).get_attribute("data-due")) for i in range(items.count())
    ]


def test_the_demo_owner_sees_the_same_first_five_everywhere(live_url, new_context, console, shoot, client, db):  # type: ignore[no-untyped-def]
    from rashinban.orgs.demo import seed_demo

    assert seed_demo(force=True)
    org = Organisation.objects.get(slug="minato-seiko")
    owner = Membership.objects.get(organisation=org, role=Role.OWNER).user
    plan = plan_for(org)
    first = [(s.id, s.due.isoformat()) for s in plan.first(5)]
    assert len(first) == 5

    page = signed_in_page(client, new_context, live_url, owner)
    page.set_viewport_size(WIDE)
    page.goto(f"{live_url}/o/{org.pk}/")
    assert steps_on(page, "#first-steps") == first
    assert page.locator("details.fold[open]").count() == 0  # the other cards are one tap away
    shoot(page, "next-01-dashboard", full_page=True)

    page.locator("#all-steps").click()
    page.wait_for_url(f"{live_url}/o/{org.pk}/steps/")
    everything = steps_on(page, "#action-plan")
    assert everything[:5] == first and len(everything) == len(plan.steps)
    assert len({step for step, _due in everything}) == len(everything)  # no step twice
    shoot(page, "next-02-action-plan")

    page.goto(f"{live_url}/o/{org.pk}/plan/roadmap/")
    roadmap = steps_on(page, "#phase-1") + steps_on(page, "#phase-2") + steps_on(page, "#phase-3")
    assert roadmap[:5] == first and sorted(roadmap) == sorted(everything)
    shoot(page, "next-03-roadmap")

    page.locator("#nav-this-week").click()
    page.wait_for_url(f"{live_url}/o/{org.pk}/steps/this-week/")
    mine = steps_on(page, "#this-week")
    assert mine == [(s.id, s.due.isoformat()) for s in plan.this_week(owner.pk)]
    # The same steps, in the plan's order and with its dates, as on the action plan.
    assert [pair for pair in everything if pair in mine] == mine
    assert all(pair in everything for pair in mine) and 0 < len(mine) <= 5
    shoot(page, "next-04-this-week", full_page=True)

    # The owner moves the second step a month later on the action plan: the dashboard shows it moved.
    page.goto(f"{live_url}/o/{org.pk}/steps/")
    second = page.locator(f'#action-plan li[data-step="{first[1][0]}"]')
    second.locator("details.step-change > summary").click()
    later = (plan.first(5)[1].due + timedelta(days=30)).isoformat()
    second.locator('form[action$="/steps/move/"] input[name="due"]').fill(later)
    second.locator('form[action$="/steps/move/"] button').click()
    page.wait_for_url(f"{live_url}/o/{org.pk}/steps/")
    assert page.locator(f'#action-plan li[data-step="{first[1][0]}"]').get_attribute("data-due") == later
    page.goto(f"{live_url}/o/{org.pk}/")
    org.refresh_from_db()  # as a request reads the company: the plan is kept under the version the move raised
    moved = plan_for(org)
    assert steps_on(page, "#first-steps") == [(s.id, s.due.isoformat()) for s in moved.first(5)]
    assert moved.get(first[1][0]).due.isoformat() == later  # type: ignore[union-attr]

    # On a phone: the lead and the first steps come first, nothing wider than the screen.
    page.set_viewport_size(PHONE)
    for path, name in (
        ("", "next-05-dashboard-phone"),
        ("steps/", "next-06-action-plan-phone"),
        ("steps/this-week/", "next-07-this-week-phone"),
    ):
        page.goto(f"{live_url}/o/{org.pk}/{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
        shoot(page, name, full_page=name != "next-06-action-plan-phone")
    assert console.take() == []
