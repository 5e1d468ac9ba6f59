"""Reasons name the day of a diagnosis in the company's own time zone, as its pages show it (not UTC's)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rashinban.assessments.models import Diagnosis
from rashinban.nextsteps import plan_for
from tests.assessments.test_dashboard_summary import add_rounds


def test_a_diagnosis_finished_at_5_am_in_tokyo_is_named_by_tokyos_day(org_a, alice):
    assert org_a.timezone == "Asia/Tokyo"
    diagnosis = add_rounds(org_a, alice, 1)
    # 2026-12-05 20:30 UTC is 2026-12-06 05:30 in Tokyo (UTC+9): the owner answered on the 6th.
    Diagnosis.objects.filter(pk=diagnosis.pk).update(completed_at=datetime(2026, 12, 5, 20, 30, tzinfo=UTC))

    reasons = " ".join(r for step in plan_for(org_a, date(2026, 12, 7)).steps for r in step.reasons_in("ja"))

    assert "2026-12-06" in reasons
    assert "2026-12-05" not in reasons
