"""The plan in a real browser, as a new owner would use it: a KGI and two KPIs, an initiative with a PoC gate,
costs and a subsidy, three months of values, status and ROI, a management review, the roadmap exported.

Selectors are ids, names, hrefs and form actions only: the wording is translated.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from rashinban.assessments import actions as assessment_actions
from rashinban.planning.models import Gate, Initiative, Measurement, Review, Target
from tests.assessments.helpers import unknown_answers
from tests.e2e.test_security import signed_in_page

pytestmark = pytest.mark.browser


def fill_target(page, live_url, org_id, kind, name, unit, direction, baseline, target, start, kgi=None):  # type: ignore[no-untyped-def]
    page.goto(f"{live_url}/o/{org_id}/plan/targets/new/")
    page.select_option("#id_kind", kind)
    page.fill("#id_name", name)
    page.fill("#id_unit", unit)
    if kgi is not None:
        page.select_option("#id_kgi", str(kgi))
    page.select_option("#id_direction", direction)
    page.select_option("#id_frequency", "monthly")
    page.fill("#id_baseline", str(baseline))
    page.fill("#id_baseline_on", start.isoformat())
    page.fill("#id_target", str(target))
    page.fill("#id_target_on", (start + timedelta(days=365)).isoformat())
    page.locator('form.plan-form button[type="submit"]').click()
    page.wait_for_url(f"{live_url}/o/{org_id}/plan/targets/*/")
    return Target.objects.get(organisation_id=org_id, name=name)


def submit_form(page, url: str, fields: dict[str, str], selects: dict[str, str] | None = None) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    for selector, value in (selects or {}).items():
        page.select_option(selector, value)
    for selector, value in fields.items():
        page.fill(selector, value)
    page.locator('form.plan-form button[type="submit"]').click()


def test_plan_journey(live_url, new_context, console, shoot, client, alice, org_a, tmp_path):  # type: ignore[no-untyped-def]
    diagnosis = assessment_actions.start_diagnosis(org_a, alice)
    assessment_actions.submit_management_answers(diagnosis, unknown_answers("management"), alice)
    today = date.today()
    start = today - timedelta(days=95)
    page = signed_in_page(client, new_context, live_url, alice)
    page.goto(f"{live_url}/o/{org_a.id}/")
    page.locator(f'header a[href="/o/{org_a.id}/plan/"]').click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/plan/")

    submit_form(
        page,
        f"{live_url}/o/{org_a.id}/plan/vision/",
        {"#id_vision": "短納期で選ばれる会社になる", "#id_strategy": "紙と転記をなくし、段取りに時間を使う"},
    )
    kgi = fill_target(page, live_url, org_a.id, "kgi", "売上総利益率", "%", "up", 22, 26, start)
    hours = fill_target(page, live_url, org_a.id, "kpi", "請求書処理の時間", "時間/月", "down", 60, 20, start, kgi.pk)
    online = fill_target(page, live_url, org_a.id, "kpi", "Web受注の割合", "%", "up", 5, 45, start, kgi.pk)

    # An initiative that should move both KPIs, with its money and a PoC gate.
    page.goto(f"{live_url}/o/{org_a.id}/plan/initiatives/new/")
    shoot(page, "plan-02-templates", full_page=True)
    page.fill("#id_title", "請求書の電子化(経理部)")
    page.fill("#id_starts_on", start.isoformat())
    page.fill("#id_horizon_months", "24")
    page.check(f'#initiative-form input[name="kpis"][value="{hours.pk}"]')
    page.check(f'#initiative-form input[name="kpis"][value="{online.pk}"]')
    page.check('#initiative-form input[name="findings"][value="p5-roi"]')
    page.locator('#initiative-form button[type="submit"]').click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/plan/initiatives/*/")
    initiative = Initiative.objects.get(organisation=org_a)
    base = f"{live_url}/o/{org_a.id}/plan/initiatives/{initiative.pk}/"
    submit_form(
        page,
        base + "costs/new/",
        {
            "#id_label": "クラウド請求書サービス 初期設定",
            "#id_amount": "300000",
            "#id_hours": "20",
            "#id_hourly_rate": "3000",
        },
        {"#id_recurrence": "once"},
    )
    submit_form(
        page,
        base + "costs/new/",
        {"#id_label": "月額利用料", "#id_amount": "12000", "#id_start_month": "1"},
        {"#id_recurrence": "monthly"},
    )
    submit_form(
        page,
        base + "benefits/new/",
        {"#id_label": "入力と郵送の時間", "#id_quantity": "40", "#id_unit_value": "3000"},
        {"#id_kind": "hours", "#id_target": str(hours.pk)},
    )
    submit_form(
        page,
        base + "subsidies/new/",
        {
            "#id_name": "IT導入補助金",
            "#id_amount": "150000",
            "#id_expected_on": (start + timedelta(days=180)).isoformat(),
        },
    )
    submit_form(
        page,
        base + "gates/new/",
        {"#id_decide_by": (today + timedelta(days=10)).isoformat(), "#id_threshold_1": "45"},
        {"#id_kpi_1": str(hours.pk)},
    )
    page.wait_for_url(base)
    assert Gate.objects.filter(initiative=initiative).count() == 1

    # Three months of values for each KPI, entered on the KPI's page.
    for months_back, hour_value, online_value in ((2, 52, 12), (1, 47, 16), (0, 42, 19)):
        day = (today - timedelta(days=30 * months_back)).isoformat()
        for kpi, value in ((hours, hour_value), (online, online_value)):
            page.goto(f"{live_url}/o/{org_a.id}/plan/targets/{kpi.pk}/")
            page.fill("#id_measured_on", day)
            page.fill("#id_value", str(value))
            page.locator('#measurement-form button[type="submit"]').click()
            page.wait_for_url(f"{live_url}/o/{org_a.id}/plan/targets/{kpi.pk}/")
    assert Measurement.objects.filter(organisation=org_a).count() == 6
    assert page.locator(".chart.kpi circle").count() == 3
    shoot(page, "plan-03-kpi", full_page=True)

    page.goto(f"{live_url}/o/{org_a.id}/plan/")
    statuses = page.locator("tr.kpi-row").evaluate_all("rows => rows.map(r => r.dataset.status)")
    assert statuses.count("on_track") + statuses.count("at_risk") + statuses.count("off_track") == 2
    shoot(page, "plan-01-home", full_page=True)

    page.goto(base)
    assert page.locator("#roi-expected").inner_text().strip().endswith("%")
    assert page.locator("#roi-actual").inner_text().strip().endswith("%")  # the hours KPI has values now
    shoot(page, "plan-04-initiative", full_page=True)

    # The management review, held and kept.
    page.goto(f"{live_url}/o/{org_a.id}/")
    page.locator("#fold-planning > summary").click()  # the dashboard's other cards are one tap away
    page.locator("#fold-planning[data-state=loaded]").wait_for()  # its body is fetched when it opens
    assert page.locator("#plan-panel .kpi-status").count() >= 1
    assert page.locator("#plan-panel .gates-due li").count() == 1
    page.locator(f'#plan-panel a[href="/o/{org_a.id}/plan/review/"]').click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/plan/review/")
    page.fill("#id_notes", "請求書の処理時間は計画どおり減っている。Web受注は伸びが遅い。")
    page.fill("#id_decisions", "PoCの判定日に経理部全体への拡大を判断する。")
    shoot(page, "plan-05-review", full_page=True)
    page.locator('#hold-review button[type="submit"]').click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/plan/reviews/*/")
    assert Review.objects.get(organisation=org_a).snapshot["kpis"]

    # The roadmap: the ranking's steps by their due dates, exported to Excel and to the calendar.
    page.goto(f"{live_url}/o/{org_a.id}/plan/roadmap/")
    assert page.locator("#phase-1 .ranked-step").count() > 0
    assert page.locator(".chart.gantt .bar").count() > 0
    shoot(page, "plan-06-roadmap", full_page=True)
    with page.expect_download() as download:
        page.locator(f'a[href="/o/{org_a.id}/plan/roadmap.xlsx"]').click()
    path = tmp_path / "roadmap.xlsx"
    download.value.save_as(path)
    assert load_workbook(path).worksheets[0].max_row > 1
    with page.expect_download() as download:
        page.locator(f'a[href="/o/{org_a.id}/plan/roadmap.ics"]').click()
    path = tmp_path / "roadmap.ics"
    download.value.save_as(path)
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert any(e.decoded("dtstart") == today + timedelta(days=10) for e in events)  # the PoC gate

    assert console.take() == []
