"""Advisors: the audit log the owner reads, the portfolio of clients, comparing two diagnoses."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.cache import caches

from rashinban.advisors.models import AuditEntry
from rashinban.assessments import actions
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, Organisation
from tests.assessments.helpers import best_answers, unknown_answers
from tests.conftest import add_member, login


@pytest.fixture
def clients(carol, org_a):  # type: ignore[no-untyped-def]
    """Carol advises A (from conftest) and two more companies; she is a plain member of a fourth."""
    second = Organisation.objects.create(name="C食品", industry="food", employee_band="1-5", prefecture="大阪府")
    third = Organisation.objects.create(name="D建設", industry="construction", employee_band="21-50")
    fourth = Organisation.objects.create(name="E商店")
    add_member(carol, second, Role.ADVISOR)
    add_member(carol, third, Role.ADVISOR)
    add_member(carol, fourth, Role.MEMBER)
    return org_a, second, third, fourth


def answered(org, by, answers):  # type: ignore[no-untyped-def]
    diagnosis = actions.start_diagnosis(org, by)
    return actions.submit_management_answers(diagnosis, answers, by)


def test_every_advisor_request_is_logged_for_the_owner(client, org_a, alice, carol, bob):
    login(client, carol)
    client.get(f"/o/{org_a.id}/diagnoses/")
    client.post(f"/o/{org_a.id}/diagnoses/new/")
    login(client, bob)
    client.get(f"/o/{org_a.id}/diagnoses/")  # a member is not logged

    entries = list(AuditEntry.objects.filter(organisation=org_a).order_by("id"))
    assert [(e.email, e.method, e.route) for e in entries] == [
        ("carol@advisor.example", "GET", "assessments:list"),
        ("carol@advisor.example", "POST", "assessments:start"),
    ]
    login(client, alice)
    page = client.get(f"/o/{org_a.id}/audit/").content.decode()
    assert page.count("carol@advisor.example") == 2 and "bob@a.example" not in page


def test_only_the_owner_reads_the_audit_log(client, org_a, bob, carol):
    for person in (bob, carol):
        login(client, person)
        assert client.get(f"/o/{org_a.id}/audit/").status_code == 403


def test_revoked_advisor_loses_access_at_once(client, org_a, alice, carol):
    login(client, carol)
    assert client.get(f"/o/{org_a.id}/").status_code == 200
    membership = Membership.objects.get(user=carol, organisation=org_a)
    login(client, alice)
    client.post(f"/o/{org_a.id}/people/{membership.id}/revoke/")

    login(client, carol)
    assert client.get(f"/o/{org_a.id}/").status_code == 404
    assert "A商事" not in client.get("/advisor/").content.decode()


def test_portfolio_lists_clients_with_scores_and_change(client, clients, carol, alice):
    org_a, second, third, fourth = clients
    answered(org_a, alice, unknown_answers("management"))
    latest = answered(org_a, alice, best_answers("management"))
    login(client, carol)

    response = client.get("/advisor/")

    rows = response.context["rows"]
    assert [r.organisation.name for r in rows] == ["A商事", "C食品", "D建設"]  # not E: only a member there
    assert rows[0].dx.latest == latest.overall and rows[0].dx.change == latest.overall - 0
    assert rows[1].dx.latest is None


def test_portfolio_filters_sorts_and_exports(client, clients, carol, alice):
    org_a, second, third, _fourth = clients
    answered(org_a, alice, best_answers("management"))
    answered(third, carol, unknown_answers("management"))
    login(client, carol)

    by_score = client.get("/advisor/", {"sort": "dx", "order": "desc"}).context["rows"]
    assert [r.organisation.name for r in by_score] == ["A商事", "D建設", "C食品"]  # no score last
    osaka = client.get("/advisor/", {"prefecture": "大阪府"}).context["rows"]
    assert [r.organisation.name for r in osaka] == ["C食品"]
    assert client.get("/advisor/", {"industry": "nonsense", "sort": "x"}).status_code == 200

    export = client.get("/advisor/clients.xlsx", {"sort": "dx", "order": "desc"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["A商事", "D建設", "C食品"]


def test_compare_two_clients_side_by_side(client, clients, carol, alice):
    org_a, second, *_ = clients
    a = answered(org_a, alice, best_answers("management"))
    b = answered(second, carol, unknown_answers("management"))
    login(client, carol)

    response = client.get("/compare/", {"a": a.id, "b": b.id})

    comparison = response.context["comparison"]
    assert comparison.rows[0].a == a.overall and comparison.rows[0].b == b.overall
    assert comparison.rows[0].difference == b.overall - a.overall
    assert "<svg" in comparison.radar


def test_compare_refuses_a_diagnosis_of_a_company_the_person_does_not_belong_to(
    client, clients, carol, alice, org_b, mallory
):
    a = answered(clients[0], alice, best_answers("management"))
    theirs = answered(org_b, mallory, best_answers("management"))
    login(client, carol)

    assert client.get("/compare/", {"a": a.id, "b": theirs.id}).status_code == 404
    assert client.get("/compare/", {"a": "x", "b": "1"}).status_code == 404
    assert "B工業" not in client.get("/compare/").content.decode()


def test_result_page_shows_companies_like_yours_only_for_five_or_more(client, org_a, alice):
    login(client, alice)
    mine = answered(org_a, alice, best_answers("management"))
    peers = []
    for i in range(5):
        peer = Organisation.objects.create(
            name=f"peer{i}", industry=org_a.industry, employee_band=org_a.employee_band, share_anonymised=True
        )
        peers.append(peer)
        if i < 4:
            answered(peer, alice, unknown_answers("management"))

    hidden = client.get(f"/o/{org_a.id}/diagnoses/{mine.id}/")
    assert not hidden.context["peers"].comparison.shown
    answered(peers[4], alice, unknown_answers("management"))
    caches[
        "pages"
    ].clear()  # another company's new round does not touch A's data version: the cached page lags by design
    shown = client.get(f"/o/{org_a.id}/diagnoses/{mine.id}/")
    assert shown.context["peers"].comparison.shown
    assert shown.context["peers"].rows[0].standing.percentile == 100
    assert "companies-like-yours" in shown.content.decode()


def many_clients(carol, count, offset=0):  # type: ignore[no-untyped-def]
    """`count` client companies of Carol's with names that sort in creation order."""
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"顧問先{i:03d}", slug=f"client-{offset + i}", prefecture="大阪府" if i % 3 == 0 else "")
            for i in range(count)
        ]
    )
    Membership.objects.bulk_create([Membership(user=carol, organisation=o, role=Role.ADVISOR) for o in orgs])
    return orgs


def test_portfolio_shows_fifty_clients_a_page_and_logs_only_those(client, carol, alice):
    from rashinban.advisors.portfolio import PAGE_SIZE

    orgs = many_clients(carol, PAGE_SIZE + 7)
    answered(orgs[-1], alice, best_answers("management"))  # the last by name, the first by DX score
    login(client, carol)
    names = ["A商事"] + [f"顧問先{i:03d}" for i in range(PAGE_SIZE + 7)]  # Carol advises A商事 too (conftest)

    first = client.get("/advisor/")
    assert [r.organisation.name for r in first.context["rows"]] == names[:PAGE_SIZE]
    assert all(r.next_step for r in first.context["rows"])  # the ranking's columns are filled on the page shown
    html = first.content.decode()
    assert names[PAGE_SIZE - 1] in html and names[PAGE_SIZE] not in html and 'rel="next"' in html and "page=2" in html
    assert set(AuditEntry.objects.values_list("organisation__name", flat=True)) == set(names[:PAGE_SIZE])

    second = client.get("/advisor/", {"page": 2})
    assert [r.organisation.name for r in second.context["rows"]] == names[PAGE_SIZE:]
    assert 'rel="prev"' in second.content.decode()
    # A page number that is no page shows the first or the last page, never an error.
    assert client.get("/advisor/", {"page": "x"}).context["page"].number == 1
    assert client.get("/advisor/", {"page": 999}).context["page"].number == 2

    by_score = client.get("/advisor/", {"sort": "dx", "order": "desc"})
    assert by_score.context["rows"][0].organisation == orgs[-1]  # sorted over every client before the page is cut
    assert "?sort=dx&amp;order=desc&amp;page=2" in by_score.content.decode()  # the pager keeps the sort
    osaka = client.get("/advisor/", {"prefecture": "大阪府", "page": 2})
    assert osaka.context["page"].paginator.count == len(range(0, PAGE_SIZE + 7, 3))
    assert osaka.context["page"].number == 1 and 'id="portfolio-pages"' not in osaka.content.decode()


@pytest.mark.parametrize("sort", ["overdue", "kpis", "activity", "security_change"])
def test_portfolio_pages_in_the_exports_order(client, carol, alice, sort):
    """Sorting by a column the page fills late (the ranking's overdue steps, KPIs) still sorts every client."""
    from rashinban.advisors.portfolio import PAGE_SIZE

    orgs = many_clients(carol, PAGE_SIZE + 3)
    for org in orgs[::7]:
        answered(org, alice, unknown_answers("management"))
    login(client, carol)
    query = {"sort": sort, "order": "desc"}
    shown = [
        r.organisation.name for page in (1, 2) for r in client.get("/advisor/", {**query, "page": page}).context["rows"]
    ]
    export = client.get("/advisor/clients.xlsx", query)
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert shown == [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(shown) == PAGE_SIZE + 4  # and A商事 (conftest)


def test_portfolio_queries_do_not_grow_with_clients(client, carol, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, carol)
    counts = []
    for offset, count in ((0, 3), (100, 60)):
        many_clients(carol, count, offset)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/advisor/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
