"""Dashboard and result pages come from a cache per session until the company's data changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rashinban.assessments import actions
from rashinban.orgs.models import Organisation
from rashinban.security.models import ActionItem
from tests.assessments.helpers import best_answers, unknown_answers
from tests.conftest import login


def queries(client, url: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_second_view_is_served_from_the_cache(as_alice, org_a, alice):
    actions.submit_management_answers(actions.start_diagnosis(org_a, alice), best_answers("management"), alice)

    first, page = queries(as_alice, f"/o/{org_a.id}/")
    again, same = queries(as_alice, f"/o/{org_a.id}/")

    assert again < first and again <= 5  # session, user, second factor, membership with the company
    assert same == page


def test_any_change_of_the_company_shows_at_once(as_alice, org_a, alice):
    diagnosis = actions.submit_management_answers(
        actions.start_diagnosis(org_a, alice), unknown_answers("management"), alice
    )
    _n, before = queries(as_alice, f"/o/{org_a.id}/")
    assert 'id="overall-score">0<' in before

    actions.submit_management_answers(diagnosis, best_answers("management"), alice)  # a save: the version rises

    _n, after = queries(as_alice, f"/o/{org_a.id}/")
    assert 'id="overall-score">100<' in after


@pytest.mark.parametrize("change", ["profile", "action", "delete"])
def test_changes_of_every_kind_raise_the_version(org_a, alice, change):
    org_a.refresh_from_db()
    before = org_a.data_version
    if change == "profile":
        org_a.name = "A商事(新)"
        org_a.save()
    elif change == "action":
        ActionItem.objects.create(
            organisation=org_a, source_catalog="security-selfcheck", source_question="basic-mfa", step=2
        )
    else:
        actions.start_diagnosis(org_a, alice).delete()

    assert Organisation.objects.get(pk=org_a.pk).data_version > before


def test_a_message_is_never_hidden_by_the_cache(as_alice, org_a):
    queries(as_alice, f"/o/{org_a.id}/")
    as_alice.post(
        f"/o/{org_a.id}/settings/",
        {"name": "A商事", "industry": "other", "employee_band": "1-5", "prefecture": "東京都", "language": "ja"},
    )

    _n, page = queries(as_alice, f"/o/{org_a.id}/")

    assert "msg-success" in page


def test_each_session_has_its_own_copy(client, org_a, alice, bob):
    login(client, alice)
    _n, owner_page = queries(client, f"/o/{org_a.id}/")
    login(client, bob)
    _n, member_page = queries(client, f"/o/{org_a.id}/")

    assert f'href="/o/{org_a.id}/people/"' in owner_page and f'href="/o/{org_a.id}/people/"' not in member_page


def test_another_company_never_gets_a_cached_page(client, org_a, org_b, alice, mallory):
    login(client, alice)
    queries(client, f"/o/{org_a.id}/")
    login(client, mallory)

    assert client.get(f"/o/{org_a.id}/").status_code == 404


def test_a_job_that_fails_for_good_shows_on_a_cached_dashboard(as_alice, org_a):
    from rashinban.tasks import runner
    from rashinban.tasks.models import Job, JobStatus

    job = Job.objects.create(
        name="mail.send", organisation=org_a, status=JobStatus.RUNNING, locked_by="w1", kwargs={"to": ["x@a.example"]}
    )
    _n, before = queries(as_alice, f"/o/{org_a.id}/")

    runner._fail(job, "w1", "SMTPRecipientsRefused: x@a.example")

    _n, after = queries(as_alice, f"/o/{org_a.id}/")
    assert after != before and "x@a.example" in after


def test_saving_an_old_copy_of_the_company_never_lowers_the_version(org_a, alice):
    stale = Organisation.objects.get(pk=org_a.pk)
    actions.start_diagnosis(org_a, alice)  # another request raises the version meanwhile
    raised = Organisation.objects.get(pk=org_a.pk).data_version

    stale.name = "A商事(改)"
    stale.save()

    fresh = Organisation.objects.get(pk=org_a.pk)
    assert fresh.name == "A商事(改)" and fresh.data_version > raised


def test_page_copies_never_push_out_a_count_or_a_peer_group(settings, as_alice, org_a, alice):
    """Under load every page view keeps a copy; they fill a cache of their own, and the shared entries (rate-limit
    counts, peer groups) stay: a count pushed out would let a rate limit start again at zero."""
    from django.core.cache import caches
    from django.http import HttpResponse

    from rashinban.orgs.versions import cached_page

    caches["default"].set("probe-count", 7, 600)
    bounded = caches[settings.CACHE_PAGES]._max_entries  # type: ignore[attr-defined]
    actions.submit_management_answers(actions.start_diagnosis(org_a, alice), best_answers("management"), alice)
    response = as_alice.get(f"/o/{org_a.id}/")  # a real page copy on the way
    assert response.status_code == 200
    request = response.wsgi_request
    for n in range(bounded + 200):
        cached_page(request, f"probe-{n}", lambda: HttpResponse(b"x" * 100))
    assert caches["default"].get("probe-count") == 7
    assert len(caches[settings.CACHE_PAGES]._cache) <= bounded  # type: ignore[attr-defined]
