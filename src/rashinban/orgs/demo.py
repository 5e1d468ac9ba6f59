"""The demo company that `make run` seeds into an empty database."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from rashinban.assessments.catalog import Catalog
from rashinban.orgs.choices import EmployeeBand, Industry, Role
from rashinban.orgs.models import Membership, Organisation, User

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "rashinban-demo-2026"


def database_is_empty() -> bool:
    return not Organisation.objects.exists() and not User.objects.exists()


def plausible_answers(catalog: Catalog, rng: random.Random, audience: str, bias: float) -> dict[str, str]:
    """Plausible answers: `bias` near 1 picks good options, near 0 poor ones; some "don't know"."""
    answers = {}
    for _section, question in catalog.questions_for(audience):
        known = [o for o in question.options if not o.unknown]
        if rng.random() < 0.08:
            answers[question.id] = next(o.id for o in question.options if o.unknown)
            continue
        ranked = sorted(known, key=lambda o: o.points)
        index = min(len(ranked) - 1, int(rng.random() * len(ranked) * 0.6 + bias * len(ranked) * 0.6))
        answers[question.id] = ranked[index].id
    return answers


@transaction.atomic
def seed_demo(force: bool = False) -> bool:
    """Create the demo company with two diagnosis rounds and staff answers; only into an empty database."""
    if not force and not database_is_empty():
        return False
    from rashinban.assessments import actions
    from rashinban.assessments.catalog import get_catalog
    from rashinban.assessments.models import StaffResponse

    rng = random.Random(7)
    org = Organisation.objects.create(
        name="株式会社みなと精工",
        slug="minato-seiko",
        industry=Industry.MANUFACTURING,
        employee_band=EmployeeBand.UPTO_50,
        prefecture="静岡県",
    )
    owner = User.objects.create_user(email=DEMO_EMAIL, password=DEMO_PASSWORD, display_name="港 一郎")
    Membership.objects.create(user=owner, organisation=org, role=Role.OWNER)
    staff = User.objects.create_user(email="staff@example.com", password=DEMO_PASSWORD, display_name="浜田 花子")
    Membership.objects.create(user=staff, organisation=org, role=Role.MEMBER)
    catalog = get_catalog(actions.DEFAULT_CATALOG)
    now = timezone.now()
    for months_ago, bias, staff_bias in ((6, 0.25, 0.15), (0, 0.55, 0.3)):
        diagnosis = actions.start_diagnosis(org, owner)
        actions.submit_management_answers(diagnosis, plausible_answers(catalog, rng, actions.MANAGEMENT, bias), owner)
        when = now - timedelta(days=30 * months_ago)
        type(diagnosis).objects.filter(pk=diagnosis.pk).update(created_at=when, completed_at=when)
        for _ in range(5):
            answers = plausible_answers(catalog, rng, actions.STAFF, staff_bias)
            StaffResponse.objects.create(organisation=org, diagnosis=diagnosis, answers=answers)
        actions.refresh_staff_scores(diagnosis, catalog)
    from rashinban.landscape.demo import seed_landscape

    seed_landscape(org, owner, staff)
    from rashinban.planning.demo import seed_planning_demo

    seed_planning_demo(org, owner)
    from rashinban.security.demo import seed_security

    seed_security(org, owner, staff)
    from rashinban.documents.demo import seed_documents

    seed_documents(org, owner, staff)
    return True
