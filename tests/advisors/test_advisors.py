"""Advisors: the audit log the owner reads, the portfolio of clients, comparing two diagnoses."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.cache import cache

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
    cache.clear()  # another company's new round does not touch A's data version: the cached page lags by design
    shown = client.get(f"/o/{org_a.id}/diagnoses/{mine.id}/")
    assert shown.context["peers"].comparison.shown
    assert shown.context["peers"].rows[0].standing.percentile == 100
    assert "companies-like-yours" in shown.content.decode()
