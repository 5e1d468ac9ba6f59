"""Queries per signed-in page do not grow with the company's data (issue 21): the pages of the realistic load
(bench/realistic.py) are fetched for a generated company, then again after its data grew several times over
(more diagnoses, staff answers, KPI values, actions, evidence uploads, a drill to 300 people with their hits)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rashinban.assessments.actions import SECURITY_CATALOG
from rashinban.orgs.choices import Role
from rashinban.orgs.demo_scale import generate
from rashinban.orgs.models import Membership, Organisation
from tests.conftest import login

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 4, 1, tzinfo=UTC)
PAGES = {
    "dashboard": "/o/{org}/",
    "result": "/o/{org}/diagnoses/{result}/",
    "plan": "/o/{org}/plan/",
    "evidence": "/o/{org}/evidence/",
    "security": "/o/{org}/security/",
    "report": "/o/{org}/report/",
    "drills": "/o/{org}/drills/",
}


def counts(client, org: Organisation) -> dict[str, int]:
    newest = (
        org.diagnoses.filter(completed_at__isnull=False).exclude(catalog_id=SECURITY_CATALOG).order_by("-id").first()
    )
    out = {}
    for page, pattern in PAGES.items():
        for each in caches.all():  # the render, not a cached copy (pages, peer groups)
            each.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(pattern.format(org=org.pk, result=newest.pk))
        assert response.status_code == 200, page
        out[page] = len(queries.captured_queries)
    return out


def grow(org: Organisation, owner, times: int) -> None:
    """Copy the company's data `times` over, as years of use would add it (bulk, like the generator)."""
    from rashinban.assessments.models import Diagnosis, StaffResponse
    from rashinban.drills.demo import seed_at_scale as seed_drills
    from rashinban.evidence.demo import seed_at_scale as seed_evidence
    from rashinban.orgs.models import User
    from rashinban.planning.models import Measurement
    from rashinban.security.actions import add_comment
    from rashinban.security.models import ActionItem

    rng = random.Random(5)
    diagnoses = list(Diagnosis.objects.filter(organisation=org, completed_at__isnull=False).order_by("id"))
    for i in range(times):
        copies = []
        for d in diagnoses:
            d.pk = None
            d.created_at -= timedelta(days=800 * (i + 1))
            d.completed_at -= timedelta(days=800 * (i + 1))
            copies.append(d)
        Diagnosis.objects.bulk_create(copies)
    answers = StaffResponse.objects.filter(organisation=org).first().answers
    newest = (
        Diagnosis.objects.filter(organisation=org, completed_at__isnull=False)
        .exclude(catalog_id=SECURITY_CATALOG)
        .order_by("-id")
        .first()
    )
    StaffResponse.objects.bulk_create(
        [StaffResponse(organisation=org, diagnosis=newest, answers=answers) for _ in range(40 * times)]
    )
    values = list(Measurement.objects.filter(organisation=org))
    for i, m in enumerate(values * times):
        m.pk, m.measured_on = None, m.measured_on - timedelta(days=400 * (1 + i // len(values)))
        m.save()
    # One action per question: the plan grows by its comments and the items done (the self-check's questions).
    for item in list(ActionItem.objects.filter(organisation=org)) * times:
        add_comment(item, "進捗を確認しました。", by=owner)
    for _ in range(times):
        seed_evidence([(org, owner)], rng, NOW)
    staff = User.objects.bulk_create(
        [User(username=f"p{i}@grow.example", email=f"p{i}@grow.example") for i in range(300)]
    )
    import rashinban.drills.demo as drills_demo

    share = drills_demo.SHARE_WITH_DRILL
    drills_demo.SHARE_WITH_DRILL = 1.0
    try:
        seed_drills([(org, [owner, *staff])], rng, NOW)
    finally:
        drills_demo.SHARE_WITH_DRILL = share


def test_the_signed_in_pages_make_as_many_queries_with_ten_times_the_data(client):
    generate(3, seed=2, now=NOW)
    org = Organisation.objects.order_by("id").first()
    owner = Membership.objects.get(organisation=org, role=Role.OWNER).user
    login(client, owner)
    counts(client, org)  # once, so that per-process caches (catalogs, facts) are filled for both counts
    before = counts(client, org)

    grow(org, owner, times=9)

    assert counts(client, org) == before
