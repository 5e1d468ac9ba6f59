"""Practice phishing drills through the API: figures per drill from the stored verdicts (mail scanners' hits set
aside). Only figures for the whole drill and for departments of five or more: no person's verdict leaves the
owner's pages (drills/readout.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from rashinban.api.common import COMMON, Error, Pages, own
from rashinban.api.enums import DrillStatus
from rashinban.drills import readout, results, verdicts
from rashinban.drills.models import Drill
from rashinban.drills.models import DrillStatus as Status

router = Router(tags=["drills"])


class RatesOut(Schema):
    sent: int
    opened: int
    clicked: int
    submitted: int
    reported: int
    report_rate: int
    click_rate: int


class DrillOut(Schema):
    id: int
    name: str
    status: DrillStatus  # type: ignore[valid-type]
    started_at: datetime | None
    rates: RatesOut


class DepartmentOut(Schema):
    department: str
    people: int
    rates: RatesOut | None  # null when fewer than five people: never shown for so few


class DrillDetailOut(DrillOut):
    first_report_minutes: int | None
    set_aside: int
    forwarded: int
    repeat_clickers: int
    departments: list[DepartmentOut]


def _rates(rates: results.Rates) -> dict[str, int]:
    return {"sent": rates.sent, "opened": rates.opened, "clicked": rates.clicked, "submitted": rates.submitted,
            "reported": rates.reported, "report_rate": rates.report_rate, "click_rate": rates.percent("clicked")}  # fmt: skip


def _drill(drill: Drill, rates: results.Rates) -> dict[str, Any]:
    return {"id": drill.pk, "name": drill.name, "status": drill.status, "started_at": drill.confirmed_at,
            "rates": _rates(rates)}  # fmt: skip


@router.get("/drills", response={200: list[DrillOut], **COMMON}, url_name="drills")
@paginate(Pages)
def drill_list(request: HttpRequest) -> Any:
    """Drills that went out, newest first, with their rates per person (report rate is the goal)."""
    drills = Drill.objects.filter(organisation=request.org).exclude(status=Status.DRAFT)  # type: ignore[attr-defined]
    return _with_rates(list(drills.order_by("-created_at", "-id")))


def _with_rates(drills: list[Drill]) -> list[dict[str, Any]]:
    counted = readout.rates_of(drills)
    return [_drill(d, counted[d.pk]) for d in drills]


@router.get("/drills/{drill_id}", response={200: DrillDetailOut, 404: Error, **COMMON}, url_name="drill")
def drill_detail(request: HttpRequest, drill_id: int) -> Any:
    """One drill's figures: rates, first report, hits set aside, forwards, repeat clickers, departments of 5+."""
    drill = own(request, Drill.objects.all(), pk=drill_id)
    verdicts.catch_up(drill, limit=verdicts.ON_VIEW)  # as the results page does
    result = readout.figures(drill)
    departments = [
        {"department": d.department, "people": d.size, "rates": _rates(d.rates) if d.rates else None}
        for d in readout.departments(drill, result.rates)
    ]
    first = result.first_report_after
    return {**_drill(drill, result.rates), "first_report_minutes": round(first.total_seconds() / 60) if first else None,
            "set_aside": result.set_aside, "forwarded": result.forwarded, "repeat_clickers": result.repeat,
            "departments": departments}  # fmt: skip
