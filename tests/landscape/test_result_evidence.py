"""The DX result page's evidence from the systems map, vendors and skills: each alone, all three, and none, compared
with reading all three every time (the reading before one query said which there are), and on the page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rashinban.assessments import actions
from rashinban.assessments.actions import catalog_for
from rashinban.landscape import dx_evidence as dx
from rashinban.landscape.analysis import analyse
from rashinban.landscape.models import SkillAssessment, System, SystemLink, Vendor
from rashinban.landscape.summary import data_labels, dx_evidence, inventory_changed_at, links, systems, vendors
from rashinban.orgs.tenancy import scoped
from tests.assessments.helpers import best_answers

pytestmark = pytest.mark.django_db


def reference(org, diagnosis) -> list[dx.Verdict]:  # type: ignore[no-untyped-def]
    """Every observation's verdict, reading systems, links, vendors and skills unconditionally."""
    system_rows, link_rows, vendor_rows = systems(org), links(org), vendors(org)
    skills = list(scoped(SkillAssessment.objects.all(), org).values_list("scores", "updated_at"))
    result = analyse(system_rows, link_rows, vendor_rows, data_labels())
    stamps = {"skills": max((at for _s, at in skills), default=None), "systems-map": inventory_changed_at(org)}
    stamps["vendors"] = stamps["systems-map"]
    catalog, answers = catalog_for(diagnosis), diagnosis.management_answers
    out = []
    for observation in dx.observations(system_rows, link_rows, vendor_rows, result, [s for s, _at in skills]):
        question = catalog.question(observation.question_id)
        option = question.option(answers.get(observation.question_id, "")) if question else None
        if question is None or option is None or option.unknown or stamps[observation.check] is None:
            continue
        found = dx.verdict(observation, dx.answer_level(option.points, question.max_points), stamps[observation.check])
        if found:
            out.append(found)
    return out


def shown(org, diagnosis) -> tuple[list, int]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        found = dx_evidence(org, diagnosis, "ja")
    return [e.verdict for e in found], len(captured)


def add_map(org) -> None:  # type: ignore[no-untyped-def]
    pos = System.objects.create(organisation=org, name="POS", department="店舗", data_kinds=["customer"], operators="a")
    crm = System.objects.create(organisation=org, name="CRM", department="営業", data_kinds=["customer"])
    System.objects.create(organisation=org, name="Shop", department="EC", data_kinds=["customer"])
    SystemLink.objects.create(
        organisation=org, source=pos, target=crm, method="manual", frequency="daily", hours_per_month=Decimal(5)
    )


@pytest.mark.parametrize("parts", [(), ("map",), ("vendors",), ("skills",), ("map", "vendors", "skills")])
def test_the_same_verdicts_as_reading_everything(org_a, alice, parts):
    diagnosis = actions.submit_management_answers(
        actions.start_diagnosis(org_a, alice), best_answers("management"), alice
    )
    if "map" in parts:
        add_map(org_a)
    if "vendors" in parts:
        Vendor.objects.create(organisation=org_a, name="会計事務所", returns_docs=True, returns_data=True)
    if "skills" in parts:
        SkillAssessment.objects.create(organisation=org_a, user=alice, scores={"basic_it": 0, "data": 0})

    found, queries = shown(org_a, diagnosis)
    expected = reference(org_a, diagnosis)

    assert found == expected and bool(found) == bool(parts)
    # One query says which of the three there are (before: three queries, every time); then only what is there, with
    # the map's links, and the date of the map and vendors (three queries) when there is either.
    assert queries == {(): 1, ("map",): 6, ("vendors",): 5, ("skills",): 2, ("map", "vendors", "skills"): 8}[parts]


def test_the_result_page_shows_the_map_evidence_and_nothing_without_one(as_alice, org_a, alice):
    diagnosis = actions.submit_management_answers(
        actions.start_diagnosis(org_a, alice), best_answers("management"), alice
    )
    page = as_alice.get(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/").content.decode()
    assert 'id="landscape-evidence"' not in page

    add_map(org_a)
    page = as_alice.get(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/").content.decode()
    assert 'id="landscape-evidence"' in page
