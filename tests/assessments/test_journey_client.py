"""The first whole loop through the test client: start, answer, staff survey, result."""

from __future__ import annotations

import re

from django.core import mail

from rashinban.assessments.models import Diagnosis
from tests.assessments.helpers import best_answers
from tests.assessments.helpers import unknown_answers as worst_answers
from tests.assessments.test_survey import asking


def test_owner_diagnoses_and_staff_answer_then_result_shows_both(as_alice, org_a, client):
    response = as_alice.post(f"/o/{org_a.id}/diagnoses/new/")
    assert response.status_code == 302
    diagnosis = Diagnosis.objects.get(organisation=org_a)
    response = as_alice.post(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/answer/", best_answers("management"))
    assert response.status_code == 302
    diagnosis.refresh_from_db()
    assert diagnosis.management_scores["overall"] == 100

    response = as_alice.post(  # two on the printed sheet, two by mail
        f"/o/{org_a.id}/diagnoses/{diagnosis.id}/survey/", asking(count="2", emails="s1@a.example\ns2@a.example")
    )
    assert response.status_code == 200
    links = re.findall(r"/s/([\w-]+)/", response.content.decode())
    links += [re.search(r"/s/([\w-]+)/", m.body).group(1) for m in mail.outbox]
    links = list(dict.fromkeys(links))
    assert len(links) == 4
    for token in links[:3]:
        assert client.post(f"/s/{token}/", worst_answers("staff")).status_code == 200
    assert client.post(f"/s/{links[0]}/", worst_answers("staff")).status_code == 410

    page = as_alice.get(f"/o/{org_a.id}/diagnoses/{diagnosis.id}/").content.decode()
    diagnosis.refresh_from_db()
    assert diagnosis.staff_count == 3
    assert diagnosis.staff_scores["overall"] == 0
    assert 'id="gap-findings"' in page
    assert "<svg" in page
