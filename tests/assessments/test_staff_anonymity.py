"""Pen-test finding: the staff average shown after each new response let an owner compute the newest person's
answers by difference. The aggregate is released only in steps of k responses (assessments.anonymity), so
every sequence of views differs by whole groups of at least k people, never by one."""

from __future__ import annotations

from rashinban.assessments import actions
from rashinban.assessments.anonymity import STAFF_MINIMUM, released_count
from rashinban.assessments.catalog import get_catalog
from rashinban.assessments.models import Diagnosis
from rashinban.backups.organisation import export_organisation
from tests.assessments.helpers import CATALOG_ID, best_answers, unknown_answers
from tests.conftest import login


def respond(diagnosis: Diagnosis, answers: dict[str, str]) -> None:
    [token] = actions.issue_survey_links(diagnosis, 1, [], "ja")
    actions.submit_staff_response(token, answers)


def overall(diagnosis: Diagnosis) -> int | None:
    diagnosis.refresh_from_db()
    return diagnosis.staff_scores.get("overall")


def test_released_counts_are_whole_groups():
    assert [released_count(n) for n in range(8)] == [0, 0, 0, 3, 3, 3, 6, 6]
    assert STAFF_MINIMUM == 3


def test_the_differencing_attack_learns_nothing_about_the_newest_person(org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)
    staff = get_catalog(CATALOG_ID).questions_for(actions.STAFF)
    assert staff
    for _ in range(3):
        respond(diagnosis, unknown_answers(actions.STAFF))
    before = overall(diagnosis)

    respond(diagnosis, best_answers(actions.STAFF))  # the fourth person: every answer the best one

    after = overall(diagnosis)
    # The attack: 4 * A(4) - 3 * A(3) would be the fourth person's score. A(4) is still A(3), so it yields
    # the average of the first three again, and nothing of the fourth person.
    assert after == before
    assert 4 * after - 3 * before == before != 100
    diagnosis.refresh_from_db()
    assert diagnosis.staff_count == 4  # the count is shown; the aggregate covers the first three


def test_every_view_is_the_mean_of_a_whole_number_of_groups(org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)
    seen = []
    for number in range(1, 8):
        respond(diagnosis, best_answers(actions.STAFF) if number % 2 else unknown_answers(actions.STAFF))
        seen.append(overall(diagnosis))
    changes = [n for n in range(1, 7) if seen[n] != seen[n - 1]]
    # Views change only when a whole group is complete: at the 3rd and 6th responses, never at 4, 5 or 7.
    assert changes == [2, 5]
    assert seen[0] is None and seen[1] is None


def test_pages_and_export_show_the_same_released_aggregate(client, org_a, alice):
    diagnosis = actions.start_diagnosis(org_a, alice)
    actions.submit_management_answers(diagnosis, best_answers("management"), alice)
    for number in range(4):
        respond(diagnosis, best_answers(actions.STAFF) if number == 3 else unknown_answers(actions.STAFF))
    diagnosis.refresh_from_db()
    exported = next(d for d in export_organisation(org_a)["rows"]["assessments.diagnosis"] if d["id"] == diagnosis.pk)
    assert exported["staff_scores"] == diagnosis.staff_scores
    assert "assessments.staffresponse" not in export_organisation(org_a)["rows"]
    login(client, alice)
    page = client.get(f"/o/{org_a.pk}/diagnoses/{diagnosis.pk}/")
    assert page.status_code == 200
    assert str(diagnosis.staff_scores["overall"]) in page.content.decode()
