"""An advisor with three clients in a real browser: the portfolio, one client, two clients side by side;
then a client revokes the advisor's access and the advisor loses it at once. Also the API reference page.

Selectors are ids, names, hrefs and form actions only: the wording is translated.
"""

from __future__ import annotations

import pytest
from django.test import Client

from rashinban.assessments import actions
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, Organisation
from tests.assessments.helpers import best_answers, unknown_answers
from tests.conftest import add_member
from tests.e2e.test_security import signed_in_page

pytestmark = pytest.mark.browser


def answered(org, user, answers):  # type: ignore[no-untyped-def]
    return actions.submit_management_answers(actions.start_diagnosis(org, user), answers, user)


def test_advisor_portfolio_compare_and_revocation(live_url, new_context, console, shoot, client, alice, carol, org_a):  # type: ignore[no-untyped-def]
    second = Organisation.objects.create(name="浜松フーズ", industry="food", employee_band="6-20", prefecture="静岡県")
    third = Organisation.objects.create(
        name="みなと建設", industry="construction", employee_band="21-50", prefecture="愛知県"
    )
    add_member(carol, second, Role.ADVISOR)
    add_member(carol, third, Role.ADVISOR)
    answered(org_a, alice, unknown_answers("management"))
    a_latest = answered(org_a, alice, best_answers("management"))
    second_round = answered(second, carol, unknown_answers("management"))
    answered(third, carol, best_answers("management"))

    page = signed_in_page(client, new_context, live_url, carol)
    page.goto(f"{live_url}/")
    page.locator('a[href="/advisor/"]').first.click()
    page.wait_for_url(f"{live_url}/advisor/")
    rows = page.locator("table.portfolio tbody tr")
    assert rows.count() == 3
    shoot(page, "advisors-01-portfolio", full_page=True)

    page.select_option('select[name="sort"]', "dx")
    page.select_option('select[name="order"]', "desc")
    page.locator("#portfolio-filters button").click()
    assert "sort=dx" in page.url
    with page.expect_download() as download:
        page.locator('a[href^="/advisor/clients.xlsx"]').click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.locator(f'table.portfolio a[href="/o/{second.id}/"]').click()
    page.wait_for_url(f"{live_url}/o/{second.id}/")

    page.goto(f"{live_url}/compare/")
    page.select_option("#a", str(a_latest.id))
    page.select_option("#b", str(second_round.id))
    page.locator("#compare-form button").click()
    page.wait_for_selector("#comparison svg")
    shoot(page, "advisors-02-compare", full_page=True)

    # The owner of A sees what the advisor did, then revokes the access.
    owner = signed_in_page(Client(), new_context, live_url, alice)  # its own client: carol's session stays
    owner.goto(f"{live_url}/o/{org_a.id}/audit/")
    assert owner.locator("#audit tbody tr").count() >= 1
    shoot(owner, "advisors-03-audit")
    owner.goto(f"{live_url}/o/{org_a.id}/people/")
    membership = Membership.objects.get(user=carol, organisation=org_a)
    owner.locator(f'form[action="/o/{org_a.id}/people/{membership.id}/revoke/"] button').click()
    owner.wait_for_load_state()

    page.goto(f"{live_url}/o/{org_a.id}/")
    assert page.locator("h1").count() == 1 and "A商事" not in page.content()
    page.goto(f"{live_url}/advisor/")
    assert page.locator("table.portfolio tbody tr").count() == 2
    assert console.take(expected="404") == []


def test_advisor_with_many_clients_pages_through_them(live_url, new_context, console, shoot, client, alice, carol):  # type: ignore[no-untyped-def]
    from rashinban.advisors.portfolio import PAGE_SIZE

    clients = Organisation.objects.bulk_create(
        [Organisation(name=f"顧問先{i:03d}", slug=f"client-{i}", prefecture="静岡県") for i in range(PAGE_SIZE + 5)]
    )
    Membership.objects.bulk_create([Membership(user=carol, organisation=o, role=Role.ADVISOR) for o in clients])
    answered(clients[-1], alice, best_answers("management"))  # last by name, first by DX score

    page = signed_in_page(client, new_context, live_url, carol)
    page.goto(f"{live_url}/advisor/")
    assert page.locator("table.portfolio tbody tr").count() == PAGE_SIZE
    page.select_option('select[name="sort"]', "dx")
    page.select_option('select[name="order"]', "desc")
    page.locator("#portfolio-filters button").click()
    page.wait_for_url("**sort=dx**")
    assert page.locator("table.portfolio tbody tr").first.inner_text().startswith(clients[-1].name)
    page.locator('#portfolio-pages a[rel="next"]').click()
    page.wait_for_url("**page=2**")
    assert "sort=dx" in page.url and "order=desc" in page.url  # the pager keeps the sort
    assert page.locator("table.portfolio tbody tr").count() == PAGE_SIZE + 6 - PAGE_SIZE  # and A商事 (conftest)
    shoot(page, "advisors-04-pages", full_page=True)
    assert console.take() == []
