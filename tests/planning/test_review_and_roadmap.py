"""Management review (held and kept) and the roadmap: the one ranking by stage, lines added by hand, Excel and
iCalendar."""

from __future__ import annotations

import io
from datetime import date, timedelta

from icalendar import Calendar
from openpyxl import load_workbook

from rashinban.assessments import actions as assessment_actions
from rashinban.nextsteps import actions as step_actions
from rashinban.nextsteps import plan_for
from rashinban.planning.models import Gate, Initiative, Review, RoadmapItem
from rashinban.security import actions as security_actions
from rashinban.security.models import ActionItem
from tests.assessments.helpers import best_answers, unknown_answers
from tests.conftest import login
from tests.planning.helpers import make_kpi
from tests.security.helpers import all_answered


def diagnose(org, user, answers):  # type: ignore[no-untyped-def]
    diagnosis = assessment_actions.start_diagnosis(org, user)
    assessment_actions.submit_management_answers(diagnosis, answers, user)
    return diagnosis


def test_review_shows_kpis_decisions_security_and_diagnosis_change(as_alice, org_a, alice):
    diagnose(org_a, alice, unknown_answers("management"))
    diagnose(org_a, alice, best_answers("management"))
    make_kpi(org_a, "請求書処理時間")
    initiative = Initiative.objects.create(organisation=org_a, title="紙の稟議をやめる", stage="poc")
    Gate.objects.create(organisation=org_a, initiative=initiative, decide_by=date.today() + timedelta(days=5))
    selfcheck = security_actions.start_selfcheck(org_a, alice)
    security_actions.submit_selfcheck(selfcheck, all_answered("done", basic_mfa="not-done"), alice)
    ActionItem.objects.filter(organisation=org_a, source_question="basic-mfa").update(instruction="全員に二要素認証を")
    step_actions.move_due(org_a, "security:basic-mfa", date.today() - timedelta(days=3), by=alice)
    response = as_alice.get(f"/o/{org_a.id}/plan/review/")
    page = response.content.decode()
    assert "請求書処理時間" in page and "紙の稟議をやめる" in page and "全員に二要素認証を" in page
    # The ranking's first five and its overdue steps, with its dates.
    plan = plan_for(org_a)
    assert [s.id for s in response.context["security"]["first"]] == [s.id for s in plan.first(5)]
    assert [s.id for s in response.context["security"]["items"]] == ["security:basic-mfa"]
    assert response.context["diagnosis"]["overall_change"] == 100
    assert len(response.context["gates_due"]) == 1


def test_holding_a_review_keeps_notes_and_what_the_page_showed(as_alice, org_a):
    make_kpi(org_a, "請求書処理時間")
    response = as_alice.post(
        f"/o/{org_a.id}/plan/review/", {"held_on": "2026-05-01", "notes": "順調", "decisions": "PoCを経理部に広げる"}
    )
    held = Review.objects.get(organisation=org_a)
    assert response["Location"] == f"/o/{org_a.id}/plan/reviews/{held.pk}/"
    assert held.decisions == "PoCを経理部に広げる"
    assert held.snapshot["kpis"][0]["name"] == "請求書処理時間"
    assert "PoCを経理部に広げる" in as_alice.get(response["Location"]).content.decode()


def test_member_sees_the_review_but_cannot_hold_it(client, bob, org_a):
    login(client, bob)
    assert client.get(f"/o/{org_a.id}/plan/review/").status_code == 200
    assert client.post(f"/o/{org_a.id}/plan/review/", {"held_on": "2026-05-01"}).status_code == 403
    assert not Review.objects.exists()


def test_the_roadmap_makes_no_list_of_its_own(as_alice, org_a, alice):
    """The roadmap once generated its own lines from the diagnosis and the self-check, ranked and dated by a rule of
    its own; the one ranking replaced them. Nothing generates such lines any more: the old address is gone, and the
    demo company's roadmap holds only the ranking's steps."""
    from rashinban.planning.demo import seed_planning_demo

    diagnose(org_a, alice, unknown_answers("management"))
    assert as_alice.post(f"/o/{org_a.id}/plan/roadmap/generate/").status_code == 404
    seed_planning_demo(org_a, alice)
    assert list(RoadmapItem.objects.filter(organisation=org_a).values_list("source", flat=True)) == ["manual"]
    RoadmapItem.objects.filter(organisation=org_a).delete()
    saved = as_alice.post(
        f"/o/{org_a.id}/plan/roadmap/new/",
        {"title": "自分たちで決めた行", "detail": "", "phase": "1", "starts_on": "2027-01-01", "due_on": "2027-02-01",
         "effort": "2"},
        follow=True,
    )  # fmt: skip
    line = RoadmapItem.objects.get(organisation=org_a)
    assert (line.source, line.edited, line.title) == ("manual", False, "自分たちで決めた行")
    messages = [str(m) for m in saved.context["messages"]]
    assert messages == ["ロードマップの行を保存しました。"]  # no word of re-generating
    page = saved.content.decode()
    assert "自分たちで決めた行" in page and "再生成" not in page


def test_roadmap_exports_excel_neutralised_and_icalendar(as_alice, org_a):
    today = date.today()
    RoadmapItem.objects.create(
        organisation=org_a, title='=HYPERLINK("http://x")', starts_on=today, due_on=today + timedelta(days=30)
    )
    initiative = Initiative.objects.create(organisation=org_a, title="PoC")
    Gate.objects.create(organisation=org_a, initiative=initiative, decide_by=today + timedelta(days=60))
    response = as_alice.get(f"/o/{org_a.id}/plan/roadmap.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    # The ranking's steps first (in its order, with its dates), then the lines added by hand.
    assert titles[-1] == '\'=HYPERLINK("http://x")'
    assert [t.split(". ")[0] for t in titles[:-1]] == [str(n) for n in range(1, len(titles))]
    response = as_alice.get(f"/o/{org_a.id}/plan/roadmap.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    # The line added by hand and the PoC decision on their own dates; the ranking's steps on theirs.
    starts = {
        str(e["uid"]).split("-")[0]: e.decoded("dtstart") for e in events if not str(e["uid"]).startswith("step-")
    }
    assert starts == {"roadmap": today + timedelta(days=30), "gate": today + timedelta(days=60)}
    plan = plan_for(org_a)
    steps = {str(e["uid"]): e.decoded("dtstart") for e in events if str(e["uid"]).startswith("step-")}
    assert sorted(steps.values()) == sorted(s.due for s in plan.steps if not s.id.startswith("plan:gate:"))


def test_roadmap_page_draws_the_gantt(as_alice, org_a):
    RoadmapItem.objects.create(
        organisation=org_a,
        title="バックアップの復元テスト",
        starts_on=date.today(),
        due_on=date.today() + timedelta(days=60),
        source="security",
    )
    page = as_alice.get(f"/o/{org_a.id}/plan/roadmap/").content.decode()
    assert 'class="chart gantt"' in page and "bar-security" in page
