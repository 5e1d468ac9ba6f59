"""The anonymous staff survey: one response per link, anonymity, and bad input."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from rashinban.assessments import actions
from rashinban.assessments.models import StaffResponse, SurveyLink
from rashinban.assessments.results import STAFF_MINIMUM
from tests.assessments.helpers import best_answers, unknown_answers


def asking(**fields: str) -> dict[str, str]:
    """The survey links form as the page sends it: a date two weeks ahead and a fresh batch id."""
    answer_by = (timezone.localdate() + timedelta(days=14)).isoformat()
    return {"answer_by": answer_by, "batch": secrets.token_urlsafe(12), "count": "0", "emails": "", **fields}


@pytest.fixture
def diagnosis(org_a, alice):
    d = actions.start_diagnosis(org_a, alice)
    return actions.submit_management_answers(d, best_answers("management"), alice)


def test_links_are_stored_only_as_fingerprints(diagnosis):
    tokens = actions.issue_survey_links(diagnosis, 2, [], "ja")
    stored = set(SurveyLink.objects.values_list("token_hash", flat=True))
    assert len(stored) == 2 and not stored & set(tokens)


def test_staff_see_only_staff_questions(client, diagnosis):
    token = actions.issue_survey_links(diagnosis, 1, [], "ja")[0]
    page = client.get(f"/s/{token}/").content.decode()
    staff_ids = set(best_answers("staff"))
    management_only = set(best_answers("management")) - staff_ids
    assert all(f'name="{qid}"' in page for qid in staff_ids)
    assert management_only and not any(f'name="{qid}"' in page for qid in management_only)


def test_a_link_answers_once_and_then_says_so(client, diagnosis):
    token = actions.issue_survey_links(diagnosis, 1, [], "ja")[0]
    assert client.post(f"/s/{token}/", best_answers("staff")).status_code == 200
    again = client.post(f"/s/{token}/", unknown_answers("staff"))
    assert again.status_code == 410
    assert StaffResponse.objects.count() == 1
    assert client.get(f"/s/{token}/").status_code == 410


def test_unknown_link_is_gone_not_an_error(client, db):
    response = client.get("/s/not-a-real-token/")
    assert response.status_code == 410
    assert response.context["message"]


def test_response_cannot_be_traced_to_a_link_or_a_time(client, diagnosis):
    token = actions.issue_survey_links(diagnosis, 1, [], "ja")[0]
    client.post(f"/s/{token}/", best_answers("staff"))
    fields = {f.name for f in StaffResponse._meta.get_fields()}
    assert fields == {"id", "organisation", "diagnosis", "answers", "submitted_on"}


def test_staff_view_appears_only_from_the_minimum_number_of_answers(client, as_alice, org_a, diagnosis):
    tokens = actions.issue_survey_links(diagnosis, STAFF_MINIMUM, [], "ja")
    for i, token in enumerate(tokens, start=1):
        client.post(f"/s/{token}/", unknown_answers("staff"))
        as_alice_page = as_alice.get(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/")
        staff_column = [row.staff for row in as_alice_page.context["rows"]]
        if i < STAFF_MINIMUM:
            assert staff_column == [None] * len(staff_column)
        else:
            assert staff_column == [0] * len(staff_column)
            # management answered best, staff "don't know": every pattern is a gap finding
            assert len(as_alice_page.context["gaps"]) == len(staff_column)


def test_mailed_links_reach_each_address_with_a_different_link(as_alice, org_a, diagnosis):
    response = as_alice.post(
        f"/o/{org_a.id}/diagnoses/{diagnosis.id}/survey/", asking(emails="a@x.example\nb@x.example\n")
    )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["a@x.example", "b@x.example"]
    links = {re.search(r"/s/([\w-]+)/", m.body).group(1) for m in mail.outbox}
    assert len(links) == 2


def test_a_bad_address_names_its_line_and_sends_nothing(as_alice, org_a, diagnosis):
    response = as_alice.post(
        f"/o/{org_a.id}/diagnoses/{diagnosis.id}/survey/", asking(emails="ok@x.example\nnot-an-address\n")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["emails"]
    assert "2" in errors[0] and "not-an-address" in errors[0]
    assert not mail.outbox and not SurveyLink.objects.exists()


def test_asking_for_nothing_is_refused(as_alice, org_a, diagnosis):
    response = as_alice.post(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/survey/", asking())
    assert response.context["form"].non_field_errors()
    assert not SurveyLink.objects.exists()


def test_new_links_show_once_and_a_reload_creates_no_more(as_alice, org_a, diagnosis):
    url = f"/o/{org_a.id}/diagnoses/{diagnosis.id}/survey/"
    form = asking(count="2")
    shown = as_alice.post(url, form)
    assert len(shown.context["cards"]) == 2 and "no-store" in shown["Cache-Control"]
    again = as_alice.post(url, form)  # the browser's reload sends the same form again
    assert again.status_code == 302 and again["Location"] == url
    assert as_alice.get(url).context["issued"] == 2 and "cards" not in as_alice.get(url).context
    assert SurveyLink.objects.count() == 2


def test_blank_staff_answers_are_confirmed_once_before_sending(client, diagnosis):
    token = actions.issue_survey_links(diagnosis, 1, [], "ja")[0]
    first = client.post(f"/s/{token}/", {})
    assert first.status_code == 200 and 'id="blank-warning"' in first.content.decode()
    assert not StaffResponse.objects.exists()
    assert client.post(f"/s/{token}/", {"confirm_blank": "1"}).status_code == 200
    assert StaffResponse.objects.get().answers == {}
