"""The owner's report and the API read the stored verdicts: a sandbox's presses count for nobody there either,
and the API gives figures only (departments of five or more), never a person's verdict."""

from __future__ import annotations

import pytest

from rashinban.api.models import ApiToken, Scope
from rashinban.orgs.choices import Role
from rashinban.reports.gather import gather_owner_facts
from rashinban.reports.owner import drill_rows
from rashinban.reports.owner_xlsx import owner_sheets
from tests.conftest import add_member, make_user
from tests.drills.test_results_pages import played  # noqa: F401 - the fixture
from tests.drills.test_verdicts_and_lessons import TAP, press, sent

pytestmark = pytest.mark.django_db


def test_the_owners_report_counts_people_not_scanners(org_a, played):  # noqa: F811
    facts = gather_owner_facts(org_a, language="en")
    assert [(d.name, d.sent, d.report_rate, d.click_rate) for d in facts.drills] == [(played.name, 3, 33, 33)]
    from django.utils import translation

    with translation.override("en"):
        assert drill_rows(facts)[0][3:] == ["33%", "33%"]
        sheet = next(s for s in owner_sheets(facts) if s.title == "Practice drills")
    assert sheet.header == ["Drill", "Started", "People mailed", "Report rate", "Click rate"]
    assert sheet.rows[0][2] == 3 and sheet.rows[0][3].value == 33


def test_the_api_gives_each_drills_figures_and_hides_small_departments(client, org_a, alice, played):  # noqa: F811
    _token, raw = ApiToken.issue(org_a, "dashboard", Scope.READ, alice)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    listing = client.get("/api/v1/drills", **headers).json()
    assert listing["count"] == 1
    rates = listing["items"][0]["rates"]
    assert (rates["sent"], rates["clicked"], rates["reported"], rates["report_rate"]) == (3, 1, 1, 33)
    detail = client.get(f"/api/v1/drills/{played.pk}", **headers).json()
    assert (detail["set_aside"], detail["forwarded"], detail["repeat_clickers"]) == (4, 1, 1)
    assert detail["departments"] == [{"department": "", "people": 3, "rates": None}]
    assert "bob@a.example" not in str(detail) and "Bob" not in str(detail)


def test_the_api_shows_a_department_of_five(client, org_a, alice, played):  # noqa: F811
    from rashinban.drills.models import Recipient
    from rashinban.landscape.models import MemberProfile

    for n in range(5):
        person = make_user(f"p{n}@a.example", f"P{n}")
        add_member(person, org_a, Role.MEMBER)
        MemberProfile.objects.create(organisation=org_a, user=person, department="営業")
        Recipient.objects.create(organisation=org_a, drill=played, user=person, email=person.email)
        token = sent(played, person.email)
        if n == 0:
            press(client, f"/d/r/{token}/", TAP)
    _token, raw = ApiToken.issue(org_a, "dashboard", Scope.READ, alice)
    detail = client.get(f"/api/v1/drills/{played.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    sales = next(d for d in detail["departments"] if d["department"] == "営業")
    assert sales["people"] == 5 and sales["rates"]["reported"] == 1 and sales["rates"]["report_rate"] == 20
