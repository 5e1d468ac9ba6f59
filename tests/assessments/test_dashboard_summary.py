"""The dashboard and the result page read cached scores: the same figures as re-scoring, in few queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rashinban.assessments import actions
from rashinban.assessments.models import CustomCatalog, Diagnosis
from rashinban.assessments.results import management_result
from rashinban.orgs.demo import plausible_answers
from rashinban.orgs.views import FOLDS
from tests.assessments.helpers import best_answers, unknown_answers
from tests.assessments.test_catalog_import import own_bank


def add_rounds(org, user, count: int, staff: int = 0) -> Diagnosis:
    import random

    rng = random.Random(count)
    catalog = actions.catalog_for(actions.start_diagnosis(org, user))  # an open round, older than the rest
    diagnosis = None
    for _ in range(count):
        diagnosis = actions.start_diagnosis(org, user)
        answers = plausible_answers(catalog, rng, actions.MANAGEMENT, rng.random())
        actions.submit_management_answers(diagnosis, answers, user)
        for token in actions.issue_survey_links(diagnosis, staff, [], "ja"):
            actions.submit_staff_response(token, unknown_answers("staff"))
    assert diagnosis is not None
    return diagnosis


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def on(table: str, sqls: list[str]) -> int:
    return sum(f'FROM "{table}"' in sql for sql in sqls)


def reads_selfchecks(sql: str) -> bool:
    """A read of the self-check bank's rounds: the bank in the statement, or (SQL written once, orgs/fastload.py,
    whose parameters PostgreSQL binds on the server) compared with `=`; the DX reads exclude it."""
    if "NOT (" in sql or '"catalog_id" <>' in sql:
        return False
    return "security-selfcheck" in sql or 't0."catalog_id" = ' in sql


def test_dashboard_reads_the_diagnoses_once_at_both_sizes(as_alice, org_a, alice):
    add_rounds(org_a, alice, 2)
    small = queries(as_alice, f"/o/{org_a.id}/")
    add_rounds(org_a, alice, 25, staff=4)
    large = queries(as_alice, f"/o/{org_a.id}/")

    assert len(large) == len(small)
    # Once for the DX card and once for the ranking of next steps (the newest round per company); the ranking and
    # the security score in "where you stand" read the latest self-check (the folded security card is rendered
    # when it is opened: orgs:fold, below).
    # (The first hour's checklist, templates/orgs/_first_hour.html, reads its state in one query of the company.)
    dx_reads = [sql for sql in small if not reads_selfchecks(sql) and "dx_done" not in sql]
    assert on("assessments_diagnosis", dx_reads) == 2
    checklist = [sql for sql in small if "dx_done" in sql]
    assert len(checklist) == 1
    assert on("assessments_diagnosis", small) == on("assessments_diagnosis", large) == 4 + len(checklist)
    # the company comes with the membership (the checklist's one query reads the company's rounds through it)
    assert on("orgs_organisation", [sql for sql in large if "dx_done" not in sql]) == 0


def test_result_page_queries_do_not_grow_and_need_no_company_lookup(as_alice, org_a, alice):
    last = add_rounds(org_a, alice, 2, staff=3)
    small = queries(as_alice, f"/o/{org_a.id}/diagnoses/{last.id}/")
    last = add_rounds(org_a, alice, 25, staff=4)
    large = queries(as_alice, f"/o/{org_a.id}/diagnoses/{last.id}/")

    assert len(large) == len(small)
    # The round and its history; the ranking's steps from the diagnosis read the newest DX round and self-check;
    # the anonymised comparison reads its group's companies with each one's newest round (advisors/benchmarks.py).
    assert on("assessments_diagnosis", large) == 5
    # The company itself is not looked up again: the one read of companies is the anonymised comparison's group.
    companies = [sql for sql in large if 'FROM "orgs_organisation"' in sql]
    assert len(companies) == 1 and '"employee_band" =' in companies[0] and '"data_version"' in companies[0]
    assert on("assessments_staffresponse", large) == 0  # staff scores are cached on the round


def test_dashboard_shows_what_scoring_the_answers_gives(as_alice, org_a, alice):
    previous = add_rounds(org_a, alice, 1)
    latest = add_rounds(org_a, alice, 1)

    context = as_alice.get(f"/o/{org_a.id}/").context
    rescored = management_result(latest, "ja")

    assert context["latest"].id == latest.id
    assert context["result"].overall_score == rescored.overall_score
    assert context["result"].overall_level == rescored.overall_level
    assert context["result"].recommendations == rescored.recommendations
    assert context["change"] == rescored.overall_score - previous.management_scores["overall"]


def test_result_page_shows_what_scoring_the_answers_gives(as_alice, org_a, alice):
    latest = add_rounds(org_a, alice, 3)

    shown = as_alice.get(f"/o/{org_a.id}/diagnoses/{latest.id}/").context["result"]
    rescored = management_result(latest, "ja")

    assert shown.recommendations
    assert (shown.overall_score, shown.overall_level, shown.recommendations) == (
        rescored.overall_score,
        rescored.overall_level,
        rescored.recommendations,
    )


def test_recommendation_ties_keep_the_bank_order(as_alice, org_a, alice):
    # Every section scores 0: the first three sections of the bank, in bank order, on any database.
    diagnosis = actions.start_diagnosis(org_a, alice)
    actions.submit_management_answers(diagnosis, unknown_answers("management"), alice)

    context = as_alice.get(f"/o/{org_a.id}/").context

    catalog = actions.catalog_for(diagnosis)
    assert [r.section for r in context["result"].recommendations] == [s.id for s in catalog.sections[:3]]


def test_change_compares_with_the_last_round_of_the_same_bank(as_alice, org_a, alice):
    builtin = actions.start_diagnosis(org_a, alice)
    actions.submit_management_answers(builtin, unknown_answers("management"), alice)
    custom = actions.import_catalog(org_a, own_bank(), "ours.yaml", alice).catalog
    other = actions.start_diagnosis(org_a, alice, custom)
    actions.submit_management_answers(other, {}, alice)
    latest = actions.start_diagnosis(org_a, alice)
    actions.submit_management_answers(latest, best_answers("management"), alice)

    context = as_alice.get(f"/o/{org_a.id}/").context

    # The round just before used the company's own bank: the change is counted from the built-in round.
    assert context["change"] == 100
    assert CustomCatalog.objects.filter(organisation=org_a).count() == 1


def test_rounds_completed_at_the_same_moment_are_not_a_change(as_alice, org_a, alice):
    first = add_rounds(org_a, alice, 1)
    second = add_rounds(org_a, alice, 1)
    same = timezone.now()
    Diagnosis.objects.filter(pk__in=[first.pk, second.pk]).update(completed_at=same)

    context = as_alice.get(f"/o/{org_a.id}/").context

    assert "change" not in context


def test_company_without_a_result_is_offered_its_open_round(as_alice, org_a, alice):
    open_round = actions.start_diagnosis(org_a, alice)

    response = as_alice.get(f"/o/{org_a.id}/")

    assert response.context["latest"] is None and response.context["open_round"] == open_round
    assert f"/o/{org_a.id}/diagnoses/{open_round.id}/answer/" in response.content.decode()


def test_each_fold_of_the_dashboard_reads_a_fixed_number_of_queries(as_alice, org_a, alice):
    """The folds are pages of their own (the dashboard's script shows them inside the fold when opened)."""
    add_rounds(org_a, alice, 2)
    small = {name: queries(as_alice, f"/o/{org_a.id}/more/{name}/") for name in FOLDS}
    add_rounds(org_a, alice, 25, staff=4)
    large = {name: queries(as_alice, f"/o/{org_a.id}/more/{name}/") for name in FOLDS}
    assert {name: len(q) for name, q in large.items()} == {name: len(q) for name, q in small.items()}
    assert as_alice.get(f"/o/{org_a.id}/more/nothing/").status_code == 404
