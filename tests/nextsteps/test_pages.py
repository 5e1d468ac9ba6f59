"""Every web page shows the one ranking: the same steps, in the same order, with the same dates (issue 14 §2).

Pages mark each step with data-step and data-due (nextsteps/_steps.html); the tests read those and compare them
with `plan_for(org)` computed independently in the test, on the demo company and on generated companies. Query
counts are measured at two data sizes and must be equal.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from rashinban.nextsteps import plan_for
from rashinban.nextsteps.model import DX_DIAGNOSIS, EVIDENCE, SECURITY_CHECK
from rashinban.nextsteps.plan import stage_of
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, Organisation
from rashinban.security import actions as security_actions
from tests.assessments.test_dashboard_summary import add_rounds
from tests.conftest import login
from tests.security.helpers import all_answered

STEP = re.compile(r'data-step="([^"]+)" data-rank="(\d+)" data-due="(\d{4}-\d{2}-\d{2})"')


def shown(html: str, start: str = "", end: str = "") -> list[tuple[str, str]]:
    """(step id, due date) of every step on a page (between two markers), in page order."""
    if start:
        html = html[html.index(start) :]
    if end and end in html:
        html = html[: html.index(end)]
    return [(step, due) for step, _rank, due in STEP.findall(html)]


def expected(steps) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(s.id, s.due.isoformat()) for s in steps]


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def check_pages(client: Client, org: Organisation, user_id: int) -> None:
    plan = plan_for(org)
    assert plan.steps, "a company with data has steps"
    first = expected(plan.first(5))
    dashboard = shown(page(client, f"/o/{org.pk}/"), 'id="first-steps"', 'class="fold-heading"')
    assert dashboard == first
    action_plan = shown(page(client, f"/o/{org.pk}/steps/"), 'id="action-plan"')
    assert action_plan == expected(plan.steps)
    assert action_plan[:5] == first
    # The roadmap: every step once, in the stage its due date falls in, in rank order within a stage.
    roadmap_html = page(client, f"/o/{org.pk}/plan/roadmap/")
    roadmap = []
    for stage in (1, 2, 3):
        part = shown(roadmap_html, f'id="phase-{stage}"', f'id="phase-{stage + 1}"')
        assert all(stage_of(plan.get(step).due, plan.today) == stage for step, _due in part)  # type: ignore[union-attr]
        roadmap += part
    assert roadmap == expected(sorted(plan.steps, key=lambda s: (plan.stage(s), s.rank)))
    if all(plan.stage(s) == 1 for s in plan.first(5)):
        assert roadmap[:5] == first
    week = shown(page(client, f"/o/{org.pk}/steps/this-week/"), 'id="this-week"', 'id="later"')
    assert week == expected(plan.this_week(user_id))
    security = shown(page(client, f"/o/{org.pk}/security/plan/"), 'id="security-steps"')
    assert security == expected(plan.with_source(SECURITY_CHECK, EVIDENCE))


@pytest.fixture
def demo(db) -> tuple[Organisation, int]:
    from rashinban.orgs.demo import seed_demo

    assert seed_demo(force=True)
    org = Organisation.objects.get(slug="minato-seiko")
    owner = Membership.objects.get(organisation=org, role=Role.OWNER).user
    return org, owner.pk


def test_the_demo_companys_pages_show_the_rankings_steps_in_order_with_its_dates(client, demo):
    org, owner_id = demo
    owner = Membership.objects.get(organisation=org, user_id=owner_id).user
    login(client, owner)
    check_pages(client, org, owner_id)
    plan = plan_for(org)
    # The DX result page: the ranking's steps from the DX diagnosis, in its order.
    newest = org.diagnoses.exclude(catalog_id="security-selfcheck").filter(completed_at__isnull=False)
    newest = newest.order_by("-completed_at").first()
    result = shown(page(client, f"/o/{org.pk}/diagnoses/{newest.pk}/"), 'id="recommendations"')
    assert result == expected(plan.with_source(DX_DIAGNOSIS)[:8])
    # The staff see one pattern as critical: the dashboard says so, and its steps carry the note.
    if plan.staff_gaps():
        html = page(client, f"/o/{org.pk}/")
        assert 'id="staff-gap-note"' in html


def test_generated_companies_pages_agree_with_the_ranking(client, db):
    from rashinban.orgs.demo_scale import generate

    generate(4, seed=14)
    owners = Membership.objects.filter(role=Role.OWNER, organisation__slug__startswith="scale-").select_related(
        "user", "organisation"
    )
    assert owners.count() == 4
    for membership in owners:
        client.logout()
        login(client, membership.user)
        check_pages(client, membership.organisation, membership.user_id)


def test_an_owner_who_moves_a_date_sees_it_moved_everywhere(as_alice, org_a, alice, bob):
    diagnosis = security_actions.start_selfcheck(org_a, alice)
    security_actions.submit_selfcheck(
        diagnosis, all_answered("done", basic_mfa="not-done", org_backups="not-done", basic_updates="unknown"), alice
    )
    plan = plan_for(org_a)
    step = plan.steps[1]
    later = plan.today + timedelta(days=200)  # into the 3–12 month stage
    response = as_alice.post(f"/o/{org_a.id}/steps/move/", {"step": step.id, "due": later.isoformat()})
    assert response.status_code == 302
    moved = plan_for(org_a)
    assert moved.get(step.id).due == later  # type: ignore[union-attr]
    assert (step.id, later.isoformat()) in shown(page(as_alice, f"/o/{org_a.id}/steps/"))
    assert (step.id, later.isoformat()) in shown(page(as_alice, f"/o/{org_a.id}/plan/roadmap/"), 'id="phase-2"')
    dashboard = shown(page(as_alice, f"/o/{org_a.id}/"), 'id="first-steps"', 'class="fold-heading"')
    assert dashboard == expected(moved.first(5))
    calendar = Calendar.from_ical(as_alice.get(f"/o/{org_a.id}/plan/roadmap.ics").content)
    titles = {str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    assert any(step.title_in("ja") in title and day == later for title, day in titles.items())
    # The weekly mail does not list it this week.
    from rashinban.security.jobs import mail_due_actions

    mail.outbox.clear()
    mail_due_actions(moved.today.isoformat())
    assert all(step.title_in("ja") not in m.body for m in mail.outbox)


def test_staff_change_only_their_own_steps_and_nobody_another_companys(client, org_a, alice, bob, mallory, org_b):
    diagnosis = security_actions.start_selfcheck(org_a, alice)
    security_actions.submit_selfcheck(diagnosis, all_answered("done", basic_mfa="not-done"), alice)
    plan = plan_for(org_a)
    not_bobs = next(s for s in plan.steps if s.assignee != bob.pk)
    login(client, bob)
    response = client.post(f"/o/{org_a.id}/steps/done/", {"step": not_bobs.id})
    assert response.status_code == 403
    client.logout()
    login(client, mallory)
    response = client.post(f"/o/{org_a.id}/steps/move/", {"step": not_bobs.id, "due": "2030-01-01"})
    assert response.status_code in (403, 404)
    assert plan_for(org_a).get(not_bobs.id).due == not_bobs.due  # type: ignore[union-attr]


def test_bad_dates_are_refused_with_a_message_never_a_500(as_alice, org_a, alice):
    diagnosis = security_actions.start_selfcheck(org_a, alice)
    security_actions.submit_selfcheck(diagnosis, all_answered("done", basic_mfa="not-done"), alice)
    step = plan_for(org_a).steps[0]
    for due in ("tomorrow", "9999-01-01", "2026-13-40"):
        response = as_alice.post(f"/o/{org_a.id}/steps/move/", {"step": step.id, "due": due}, follow=True)
        assert response.status_code == 200
        assert plan_for(org_a).get(step.id).due == step.due  # type: ignore[union-attr]
    response = as_alice.post(f"/o/{org_a.id}/steps/done/", {"step": "no-such-step"}, follow=True)
    assert response.status_code == 200


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


PAGES = [
    "/o/{org}/",
    "/o/{org}/steps/",
    "/o/{org}/steps/this-week/",
    "/o/{org}/plan/roadmap/",
    "/o/{org}/security/plan/",
]


def test_page_queries_do_not_grow_with_the_data(as_alice, org_a, alice, bob):
    add_rounds(org_a, alice, 2)
    diagnosis = security_actions.start_selfcheck(org_a, alice)
    security_actions.submit_selfcheck(diagnosis, all_answered("done", basic_mfa="not-done"), alice)
    small = [count(as_alice, url.format(org=org_a.id)) for url in PAGES]
    add_rounds(org_a, alice, 12, staff=5)
    for _ in range(3):
        diagnosis = security_actions.start_selfcheck(org_a, alice)
        security_actions.submit_selfcheck(diagnosis, all_answered("not-done"), alice)
    assert len(plan_for(org_a).steps) > 10
    large = [count(as_alice, url.format(org=org_a.id)) for url in PAGES]
    assert large == small


def test_the_advisors_portfolio_shows_each_clients_next_step(client, org_a, alice, carol):
    diagnosis = security_actions.start_selfcheck(org_a, alice)
    security_actions.submit_selfcheck(diagnosis, all_answered("done", basic_mfa="not-done"), alice)
    login(client, carol)
    html = page(client, "/advisor/")
    first = plan_for(org_a).steps[0]
    assert first.title_in("ja") in html and first.due.isoformat() in html


def test_a_new_twenty_person_company_gets_a_plan_an_owner_would_accept(client, db):
    """DX diagnosis with staff answers and the security self-check, as a new 20-person company: the action plan
    page has no step twice, nobody more than their weekly capacity, and the work is spread over several people."""
    import random

    from rashinban.assessments import actions as assessment_actions
    from rashinban.assessments.catalog import get_catalog
    from rashinban.orgs.demo import plausible_answers
    from tests.conftest import add_member, make_user

    org = Organisation.objects.create(name="二十人工業")
    owner = make_user("owner@twenty.example", "社長")
    add_member(owner, org, Role.OWNER)
    for n in range(19):
        add_member(make_user(f"staff{n}@twenty.example", f"社員{n}"), org, Role.MEMBER)
    rng = random.Random(20)
    catalog = get_catalog(assessment_actions.DEFAULT_CATALOG)
    diagnosis = assessment_actions.start_diagnosis(org, owner)
    answers = plausible_answers(catalog, rng, assessment_actions.MANAGEMENT, 0.4)
    assessment_actions.submit_management_answers(diagnosis, answers, owner)
    for token in assessment_actions.issue_survey_links(diagnosis, 8, [], "ja"):
        assessment_actions.submit_staff_response(token, plausible_answers(catalog, rng, assessment_actions.STAFF, 0.2))
    selfcheck = security_actions.start_selfcheck(org, owner)
    weak = {"basic_mfa": "not-done", "org_backups": "unknown", "basic_sharing": "partly", "staff_mail": "not-done"}
    security_actions.submit_selfcheck(selfcheck, all_answered("partly", **weak), owner)

    login(client, owner)
    rows = shown(page(client, f"/o/{org.pk}/steps/"), 'id="action-plan"')
    plan = plan_for(org)
    assert rows == expected(plan.steps)
    assert len({step for step, _due in rows}) == len(rows) < 41  # no duplicates, not a wall of rows
    # Nobody gets more than their weekly capacity of steps (dates a source fixed, such as a PoC gate, aside).
    assert max(plan.per_week().values()) <= plan.steps_per_week
    people = {s.assignee for s in plan.steps}
    assert len(people) >= 3 and plan.people[owner.pk]  # spread over the owner and staff, not all on the owner
    assert sum(s.assignee == owner.pk for s in plan.steps) < len(plan.steps) * 0.7
    # "This week" of every person is a handful at most.
    assert all(len(plan.this_week(person)) <= 5 for person in plan.people)


def test_staff_see_and_finish_their_own_steps_and_owners_give_steps_only_to_their_people(
    client, as_alice, org_a, alice, bob, mallory
):
    diagnosis = security_actions.start_selfcheck(org_a, alice)
    weak = {"basic_mfa": "not-done", "org_backups": "not-done", "basic_sharing": "not-done", "staff_mail": "partly"}
    security_actions.submit_selfcheck(diagnosis, all_answered("done", **weak), alice)
    step = plan_for(org_a).steps[0]
    # Not to someone of another company; to Bob, yes.
    as_alice.post(f"/o/{org_a.id}/steps/assign/", {"step": step.id, "person": str(mallory.pk)})
    assert plan_for(org_a).get(step.id).assignee != mallory.pk  # type: ignore[union-attr]
    as_alice.post(f"/o/{org_a.id}/steps/assign/", {"step": step.id, "person": str(bob.pk)})
    assert plan_for(org_a).get(step.id).assignee == bob.pk  # type: ignore[union-attr]
    # Bob's week lists it; Bob marks it done and it leaves every list.
    bobs = Client()
    login(bobs, bob)
    week = shown(page(bobs, f"/o/{org_a.id}/steps/this-week/"), 'id="this-week"', 'id="later"')
    plan = plan_for(org_a)
    assert week == expected(plan.this_week(bob.pk))
    if (step.id, plan.get(step.id).due.isoformat()) in week:  # type: ignore[union-attr]
        assert f'action="/o/{org_a.id}/steps/done/"' in page(bobs, f"/o/{org_a.id}/steps/this-week/")
    assert bobs.post(f"/o/{org_a.id}/steps/done/", {"step": step.id}).status_code == 302
    assert plan_for(org_a).get(step.id) is None
    assert step.id not in {s for s, _d in shown(page(as_alice, f"/o/{org_a.id}/steps/"))}


def test_this_week_is_the_schedulers_first_week_on_every_day_of_the_week():
    """The scheduler dates steps on Fridays: from Thursday on, the first week it fills is the next one. "This
    week" must then show that week's steps (eight days ahead on a Thursday), never an empty page."""
    from datetime import date

    from rashinban.nextsteps.compute import compute_plan
    from rashinban.nextsteps.model import Person
    from rashinban.nextsteps.sources import CompanyData

    owner = Person(1, "owner", "Owner")
    for offset in range(7):
        today = date(2026, 6, 1) + timedelta(days=offset)  # Monday to Sunday
        plan = compute_plan(CompanyData(), {}, [owner], today)
        first_due = min(s.due for s in plan.steps)
        assert [s.id for s in plan.this_week(1)] == [s.id for s in plan.steps if s.due == first_due], today


def test_security_steps_link_to_their_own_security_plan_item(client, demo):
    """A step from a security question links to that question's item (its comments and history), looked up here
    in the database: the plan carries the links it was computed with, so no page queries them again."""
    import re

    from rashinban.security.models import ActionItem

    org, owner_id = demo
    login(client, Membership.objects.get(organisation=org, user_id=owner_id).user)
    plan = plan_for(org)
    security = [step for step in plan.steps if step.ref[0] == "security"]
    assert security, "the demo company's plan has security steps"
    items = dict(ActionItem.objects.filter(organisation=org).values_list("source_question", "id"))
    html = page(client, f"/o/{org.pk}/steps/")
    links = set(re.findall(rf'href="/o/{org.pk}/security/plan/(\d+)/"', html))
    shown_security = {str(items[s.ref[1]]) for s in security if s.ref[1] in items}
    assert shown_security and shown_security <= links

    # An item added later (a new self-check question) is linked at once: the plan is computed again.
    replacement = ActionItem.objects.get(organisation=org, source_question=security[0].ref[1])
    replacement.delete()
    replacement.pk = None
    replacement.save()
    html = page(client, f"/o/{org.pk}/steps/")
    assert f'href="/o/{org.pk}/security/plan/{replacement.pk}/"' in html


def test_a_security_items_page_and_the_api_show_the_rankings_date_and_person(as_alice, org_a, alice, bob):
    """An item keeps the date and person it was first given (two weeks ahead for a high priority, whoever answered
    the self-check); the ranking dates and shares the work by capacity. The item's page and GET /api/v1/actions
    show the ranking's, and saving the item's form for its date alone leaves the step with the ranking's person."""
    from rashinban.api.models import ApiToken, Scope
    from rashinban.nextsteps import actions as step_actions
    from rashinban.security.models import ActionItem

    diagnosis = security_actions.start_selfcheck(org_a, alice)
    security_actions.submit_selfcheck(diagnosis, all_answered("done", basic_mfa="not-done"), alice)
    item = ActionItem.objects.get(organisation=org_a, source_question="basic-mfa")
    step_id = "security:basic-mfa"
    step_actions.assign(org_a, step_id, bob, by=alice)
    step_actions.move_due(org_a, step_id, plan_for(org_a).today + timedelta(days=40), by=alice)
    item.refresh_from_db()
    ranked = plan_for(org_a).get(step_id)
    assert ranked is not None and ranked.assignee == bob.pk
    assert (item.owner_id, item.due) == (alice.pk, item.due) and item.due != ranked.due  # stored ≠ ranked

    form = as_alice.get(f"/o/{org_a.id}/security/plan/{item.pk}/").context["form"]
    assert (form.initial["owner"], form.initial["due"]) == (bob.pk, ranked.due)

    _token, raw = ApiToken.issue(org_a, "script", Scope.READ, alice)
    api = Client().get("/api/v1/actions", HTTP_AUTHORIZATION=f"Bearer {raw}")
    listed = {a["id"]: a for a in api.json()["items"]}
    assert (listed[item.pk]["due"], listed[item.pk]["owner"]) == (ranked.due.isoformat(), bob.email)

    later = ranked.due + timedelta(days=7)
    saved = as_alice.post(
        f"/o/{org_a.id}/security/plan/{item.pk}/",
        {"owner": bob.pk, "due": later.isoformat(), "priority": item.priority, "status": item.status,
         "instruction": ""},
    )  # fmt: skip
    assert saved.status_code == 302
    after = plan_for(org_a).get(step_id)
    assert after is not None and (after.due, after.assignee) == (later, bob.pk)
