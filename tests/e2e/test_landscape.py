"""The systems map in a real browser: an owner enters eight systems and their links through the pages, then
sees the drawn map and the findings; a member rates their skills and the owner sees the heat map.
Selectors are ids, names and hrefs only: the wording is translated."""

from __future__ import annotations

import pytest
from django.test import Client

from rashinban.landscape.models import System, SystemLink
from tests.conftest import login

pytestmark = pytest.mark.browser

SYSTEMS = [
    # name, kind, department, data kinds, MFA, backup, operators
    ("販売管理システム", "sales", "営業", ["customer", "order"], False, True, ""),
    ("顧客リスト", "spreadsheet", "営業", ["customer"], False, False, "山田"),
    ("ネットショップ", "ecommerce", "営業", ["customer", "order"], True, True, ""),
    ("会計クラウド", "accounting", "経理", ["finance"], True, True, "佐藤, 山田"),
    ("給与計算ソフト", "hr", "経理", ["employee"], False, False, "佐藤"),
    ("生産管理表", "production", "製造", ["order", "stock"], False, True, "工藤"),
    ("在庫管理表", "inventory", "製造", ["stock"], False, False, "工藤"),
    ("グループウェア", "groupware", "総務", ["employee", "document"], True, True, "佐藤"),
]
LINKS = [
    ("ネットショップ", "販売管理システム", "manual", "daily", "12"),
    ("販売管理システム", "会計クラウド", "file", "monthly", "2"),
    ("販売管理システム", "生産管理表", "manual", "daily", "10"),
    ("生産管理表", "在庫管理表", "manual", "weekly", "6"),
    ("グループウェア", "会計クラウド", "api", "realtime", "0"),
]


def signed_in_context(new_context, live_url, user):  # type: ignore[no-untyped-def]
    """A browser context carrying the session of `user` (second factor passed), as after a real sign-in."""
    client = login(Client(), user)
    context = new_context()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_url}])
    return context


def test_owner_maps_eight_systems_and_sees_the_findings(live_url, new_context, console, shoot, alice, bob, org_a):  # type: ignore[no-untyped-def]
    page = signed_in_context(new_context, live_url, alice).new_page()
    base = f"{live_url}/o/{org_a.id}"
    page.goto(f"{base}/landscape/")
    assert page.locator("#no-findings").count() == 1

    for name, kind, department, kinds, mfa, backup, operators in SYSTEMS:
        page.locator("#add-system").click()
        page.fill("#id_name", name)
        page.select_option("#id_kind", kind)
        page.fill("#id_department", department)
        for data_kind in kinds:
            page.locator(f'input[name="data_kinds"][value="{data_kind}"]').check()
        if mfa:
            page.locator("#id_has_mfa").check()
        if backup:
            page.locator("#id_has_backup").check()
        page.fill("#id_operators", operators)
        if name == SYSTEMS[0][0]:
            shoot(page, "landscape-01-system-form", full_page=True)
        page.locator('#landscape-form button[type="submit"]').click()
        page.wait_for_url(f"{base}/landscape/")
    assert System.objects.filter(organisation=org_a).count() == 8

    for source, target, method, frequency, hours in LINKS:
        page.locator("#add-link").click()
        page.select_option("#id_source", label=source)
        page.select_option("#id_target", label=target)
        page.select_option("#id_method", method)
        page.select_option("#id_frequency", frequency)
        page.fill("#id_hours_per_month", hours)
        page.locator('#landscape-form button[type="submit"]').click()
        page.wait_for_url(f"{base}/landscape/")
    assert SystemLink.objects.filter(organisation=org_a).count() == 5

    svg = page.locator("#system-map svg")
    assert svg.locator("g.system").count() == 8
    assert svg.locator("g.system.silo").count() == 2  # the customer list and the payroll software
    assert svg.locator("path.link-manual").count() >= 3
    assert page.locator("#rekey-month").inner_text() == "28"
    assert page.locator("#rekey-year").inner_text() == "336"
    findings = {
        page.locator("[data-finding]").nth(i).get_attribute("data-finding")
        for i in range(page.locator("[data-finding]").count())
    }
    assert {"silo", "data-spread-customer", "rekeying", "bus-factor-0", "no-mfa", "no-backup"} <= findings
    shoot(page, "landscape-02-map", full_page=True)
    page.locator("#system-map").scroll_into_view_if_needed()
    shoot(page, "landscape-03-map-only")

    # A member rates their own skills; the owner sees the department heat map.
    member = signed_in_context(new_context, live_url, bob).new_page()
    member.goto(f"{base}/skills/me/")
    member.fill("#id_department", "製造")
    for area, level in (
        ("basic_it", 1),
        ("cloud_tools", 2),
        ("data_use", 0),
        ("security", 1),
        ("improvement", 3),
        ("ownership", 1),
    ):
        member.locator(f'input[name="{area}"][value="{level}"]').check()
    shoot(member, "landscape-04-my-skills", full_page=True)
    member.locator('#skills-form button[type="submit"]').click()
    member.wait_for_url(f"{base}/skills/me/")

    page.goto(f"{base}/skills/")
    assert page.locator("#heatmap tbody tr").count() == 1
    shoot(page, "landscape-05-team-skills", full_page=True)
    assert console.take() == []
