"""Pages that list or summarise diagnoses run the same number of queries however much data there is."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rashinban.assessments import actions
from tests.assessments.helpers import best_answers, unknown_answers


def add_rounds(org, user, count: int, staff_per_round: int = 3) -> int:
    last = None
    for _ in range(count):
        last = actions.start_diagnosis(org, user)
        actions.submit_management_answers(last, best_answers("management"), user)
        for token in actions.issue_survey_links(last, staff_per_round, [], "ja"):
            actions.submit_staff_response(token, unknown_answers("staff"))
    assert last is not None
    return last.id


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_dashboard_list_and_result_queries_do_not_grow_with_data(as_alice, org_a, alice):
    last = add_rounds(org_a, alice, 2)
    urls = [f"/o/{org_a.id}/", f"/o/{org_a.id}/diagnoses/", f"/o/{org_a.id}/diagnoses/{last}/"]
    small = [queries_for(as_alice, url) for url in urls]
    last = add_rounds(org_a, alice, 15, staff_per_round=5)
    urls[2] = f"/o/{org_a.id}/diagnoses/{last}/"
    large = [queries_for(as_alice, url) for url in urls]
    assert large == small
    # The dashboard also carries the other capabilities' panels (security, landscape, reports, and the evidence
    # freshness card's three: latest runs, validity periods, connected services), the ranking of next steps
    # (about a dozen, however much data: nextsteps/gather.py) and the first hour's checklist (one), as does the
    # result page: higher ceilings.
    assert small[0] <= 33 and small[1] <= 12 and small[2] <= 26
