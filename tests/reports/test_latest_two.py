"""The owner's report reads a bank's newest round and the one before it in one query: compared with the plain two
readings (the newest; then the newest of the same bank completed earlier) over random histories with two banks,
rounds completed at the same instant and unfinished rounds, and on empty ones."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rashinban.assessments.models import Diagnosis
from rashinban.reports.gather import _latest_two

pytestmark = pytest.mark.django_db
START = datetime(2025, 1, 6, 9, tzinfo=UTC)


def plain(rounds):  # type: ignore[no-untyped-def]
    ordered = rounds.filter(completed_at__isnull=False).order_by("-completed_at", "-id")
    latest = ordered.first()
    if latest is None:
        return None, None
    return latest, ordered.filter(catalog_id=latest.catalog_id, completed_at__lt=latest.completed_at).first()


def history(org, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    Diagnosis.objects.filter(organisation=org).delete()
    for _ in range(rng.randint(0, 9)):
        day = rng.choice([None, *range(6)])  # few days: rounds often completed at the same instant
        Diagnosis.objects.create(
            organisation=org, catalog_id=rng.choice(["dx-seven-sins", "security-selfcheck"]), catalog_version=1,
            completed_at=None if day is None else START + timedelta(days=day),
        )  # fmt: skip


def test_the_same_rounds_as_the_plain_readings(org_a):
    rng = random.Random(21)
    for _case in range(60):
        history(org_a, rng)
        everything = Diagnosis.objects.filter(organisation=org_a)
        for rounds in (everything, everything.exclude(catalog_id="security-selfcheck"),
                       everything.filter(catalog_id="security-selfcheck"),
                       everything.filter(completed_at__lt=START + timedelta(days=3))):  # fmt: skip
            with CaptureQueriesContext(connection) as captured:
                found = _latest_two(rounds)
            assert len(captured) == 1
            assert [d.pk if d else None for d in found] == [d.pk if d else None for d in plain(rounds)]
