"""KGIs/KPIs with their status, their measurements (read and post), and initiatives."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from rashinban.api.auth import require_write
from rashinban.api.common import COMMON, Error, Pages, own, problem
from rashinban.api.enums import Direction, Frequency, KpiStatus, Stage, TargetKind
from rashinban.planning.actions import record_measurement
from rashinban.planning.models import Initiative, Measurement, Target
from rashinban.planning.summary import status_of, with_latest

router = Router(tags=["planning"])
NOTE_MAX = Measurement._meta.get_field("note").max_length or 200


class KpiOut(Schema):
    id: int
    kind: TargetKind  # type: ignore[valid-type]
    name: str
    unit: str
    kgi_id: int | None
    baseline: float
    baseline_on: date
    target: float
    target_on: date
    direction: Direction  # type: ignore[valid-type]
    frequency: Frequency  # type: ignore[valid-type]
    latest_value: float | None
    latest_on: date | None
    status: KpiStatus  # type: ignore[valid-type]


class MeasurementOut(Schema):
    id: int
    measured_on: date
    value: float
    note: str


class MeasurementIn(Schema):
    measured_on: date = Field(description="The day of the value; not in the future.")
    value: float = Field(gt=-1e15, lt=1e15)
    note: str = Field("", max_length=NOTE_MAX)


class InitiativeOut(Schema):
    id: int
    title: str
    description: str
    stage: Stage  # type: ignore[valid-type]
    starts_on: date
    horizon_months: int
    kpi_ids: list[int]

    @staticmethod
    def resolve_kpi_ids(obj: Initiative) -> list[int]:
        return sorted(k.pk for k in obj.kpis.all())


def _kpi(target: Target, today: date) -> dict[str, Any]:
    return {
        **{
            f: getattr(target, f)
            for f in (
                "id",
                "kind",
                "name",
                "unit",
                "kgi_id",
                "baseline",
                "baseline_on",
                "target",
                "target_on",
                "direction",
                "frequency",
            )
        },
        "latest_value": getattr(target, "latest_value", None),
        "latest_on": getattr(target, "latest_on", None),
        "status": status_of(target, today).code,
    }


@router.get("/kpis", response={200: list[KpiOut], **COMMON}, url_name="kpis")
@paginate(Pages)
def kpis(request: HttpRequest) -> Any:
    """KGIs and KPIs with their latest value and status (on_track, at_risk, off_track, overdue, ...)."""
    today = timezone.localdate()
    targets = with_latest(Target.objects.filter(organisation=request.org)).order_by("kind", "name", "id")  # type: ignore[attr-defined]
    return [_kpi(t, today) for t in targets]


@router.get(
    "/kpis/{kpi_id}/measurements",
    response={200: list[MeasurementOut], 404: Error, **COMMON},
    url_name="kpi_measurements",
)
@paginate(Pages)
def measurements(request: HttpRequest, kpi_id: int) -> Any:
    """Values of one KGI/KPI, newest first."""
    target = own(request, Target.objects.all(), pk=kpi_id)
    return Measurement.objects.filter(target=target).order_by("-measured_on", "-id")


@router.post(
    "/kpis/{kpi_id}/measurements",
    response={201: MeasurementOut, 403: Error, 404: Error, **COMMON},
    url_name="kpi_measurement_create",
)
def measurement_create(request: HttpRequest, kpi_id: int, payload: MeasurementIn) -> Any:
    """Record a value (write scope); a second value for the same day replaces the first."""
    require_write(request)
    target = own(request, Target.objects.all(), pk=kpi_id)
    if payload.measured_on > timezone.localdate():
        return problem(422, _("The date lies in the future."))
    measurement = record_measurement(target, payload.measured_on, payload.value, request.auth.created_by, payload.note)  # type: ignore[attr-defined]
    return Status(201, measurement)


@router.get("/initiatives", response={200: list[InitiativeOut], **COMMON}, url_name="initiatives")
@paginate(Pages)
def initiatives(request: HttpRequest) -> Any:
    """Initiatives (small starts) with their stage and the KPIs they should move."""
    return Initiative.objects.filter(organisation=request.org).prefetch_related("kpis").order_by("id")  # type: ignore[attr-defined]
