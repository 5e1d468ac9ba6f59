"""Company A with two completed DX rounds (half a year apart) and staff answers; company B with none."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from rashinban.assessments import actions
from rashinban.assessments.catalog import get_catalog
from rashinban.assessments.models import Diagnosis, StaffResponse
from tests.assessments.helpers import best_answers, unknown_answers

TOKYO = ZoneInfo("Asia/Tokyo")
# 00:30 on 1 May in Tokyo is still 30 April in UTC: the report must count it on 1 May.
LATEST_AT = datetime(2026, 5, 1, 0, 30, tzinfo=TOKYO)
EARLIER_AT = LATEST_AT - timedelta(days=180)


def complete(org, user, answers, when, staff_answers=()) -> Diagnosis:  # type: ignore[no-untyped-def]
    diagnosis = actions.start_diagnosis(org, user)
    actions.submit_management_answers(diagnosis, answers, user)
    Diagnosis.objects.filter(pk=diagnosis.pk).update(created_at=when, completed_at=when)
    for staff in staff_answers:
        StaffResponse.objects.create(organisation=org, diagnosis=diagnosis, answers=staff)
    if staff_answers:
        actions.refresh_staff_scores(diagnosis, get_catalog(actions.DEFAULT_CATALOG))
    diagnosis.refresh_from_db()
    return diagnosis


@pytest.fixture
def reported_org(org_a, alice):  # type: ignore[no-untyped-def]
    """Company A: "don't know" everywhere half a year ago (score 0), the best answers now (100)."""
    org_a.slug = "a-shoji"
    org_a.save(update_fields=["slug"])
    complete(org_a, alice, unknown_answers("management"), EARLIER_AT)
    complete(org_a, alice, best_answers("management"), LATEST_AT, [unknown_answers("staff")] * 3)
    return org_a


@pytest.fixture
def secured_org(reported_org, alice, bob):  # type: ignore[no-untyped-def]
    """Company A also with a self-check answered "not done" everywhere, its plan, and one item owned by Bob, overdue."""
    from rashinban.security import actions as security_actions
    from rashinban.security.models import ActionItem
    from tests.security.helpers import all_answered

    selfcheck = security_actions.start_selfcheck(reported_org, alice)
    security_actions.submit_selfcheck(selfcheck, all_answered("not-done", "management"), alice)
    Diagnosis.objects.filter(pk=selfcheck.pk).update(completed_at=LATEST_AT)
    first = ActionItem.objects.filter(organisation=reported_org).order_by("-risk", "id").first()
    security_actions.update_item(first, by=alice, owner=bob, due=LATEST_AT.date() - timedelta(days=3))
    return reported_org


@pytest.fixture(scope="session")
def workbooks(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Every workbook the product writes (tests/reports/workbooks.py), made once for the openpyxl and the
    LibreOffice tests; the demo data behind them is rolled back at once. Modules using it must be marked
    `django_db`: pytest-django creates the test database only for sessions with such tests."""
    from pathlib import Path

    from django.core.cache import cache
    from django.db import connection, transaction

    from tests.reports.workbooks import every_workbook

    # Built before the function-scoped settings (PEER_GROUP_FRESH_SECONDS=0): a peer group kept by an earlier
    # test from rows since rolled back would be trusted for its fresh seconds and show a comparison of companies
    # that are not there (tests/advisors then tests/reports failed so).
    cache.clear()
    with django_db_blocker.unblock(), transaction.atomic():
        assert Path(str(connection.settings_dict["NAME"])).name.startswith("test_"), "not the test database"
        made = every_workbook(tmp_path_factory.mktemp("workbooks"))
        transaction.set_rollback(True)
    return made
