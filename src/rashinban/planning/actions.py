"""Every change to the plan goes through these functions; views, imports, demo and the worker call them alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from rashinban.orgs.models import Organisation, User
from rashinban.orgs.tenancy import scoped
from rashinban.planning import subsidies
from rashinban.planning.models import (
    Benefit,
    Cost,
    Criterion,
    Cycle,
    Decision,
    Gate,
    Initiative,
    InitiativeKpi,
    Measurement,
    NorthStar,
    Stage,
    Subsidy,
    Target,
    TargetKind,
)
from rashinban.planning.starters import Starter


def save_north_star(organisation: Organisation, vision: str, strategy: str, by: User | None) -> NorthStar:
    star, _created = NorthStar.objects.update_or_create(
        organisation=organisation,
        defaults={"vision": vision, "strategy": strategy, "updated_by": by, "updated_at": timezone.now()},
    )
    return star


def record_measurement(
    target: Target, measured_on: date, value: float, by: User | None = None, note: str = ""
) -> Measurement:
    """Store the value of a KGI/KPI on a day; a second value for the same day replaces the first."""
    measurement, _created = Measurement.objects.update_or_create(
        target=target,
        measured_on=measured_on,
        defaults={"organisation_id": target.organisation_id, "value": value, "note": note, "recorded_by": by},
    )
    return measurement


@dataclass(frozen=True)
class ImportRow:
    target: Target
    measured_on: date
    value: float
    note: str = ""


@transaction.atomic
def import_measurements(rows: Iterable[ImportRow], by: User | None) -> int:
    """Store all rows or none (the caller has validated every row first)."""
    count = 0
    for row in rows:
        record_measurement(row.target, row.measured_on, row.value, by, row.note)
        count += 1
    return count


def set_initiative_kpis(initiative: Initiative, targets: Iterable[Target]) -> None:
    wanted = {t.pk for t in targets}
    InitiativeKpi.objects.filter(initiative=initiative).exclude(target_id__in=wanted).delete()
    known = set(InitiativeKpi.objects.filter(initiative=initiative).values_list("target_id", flat=True))
    InitiativeKpi.objects.bulk_create(
        InitiativeKpi(organisation_id=initiative.organisation_id, initiative=initiative, target_id=pk)
        for pk in wanted - known
    )


def add_months(day: date, months: int) -> date:
    """The same day `months` later, moved back to the month's last day where it does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@transaction.atomic
def create_from_starter(
    organisation: Organisation, starter: Starter, lang: str, starts_on: date | None = None
) -> Initiative:
    """A new initiative pre-filled from a starter: its KPIs (new), costs, benefits, subsidy and a PoC gate."""
    starts_on = starts_on or timezone.localdate()
    initiative = Initiative.objects.create(
        organisation=organisation,
        title=starter.title.get(lang),
        description=starter.description.get(lang),
        stage=Stage.IDEA,
        starts_on=starts_on,
        findings=list(starter.findings),
        starter=starter.id,
    )
    gate_day = add_months(starts_on, starter.gate_months)
    kpis = [
        Target.objects.create(
            organisation=organisation,
            kind=TargetKind.KPI,
            name=k.name.get(lang),
            unit=k.unit.get(lang),
            baseline=k.baseline,
            baseline_on=starts_on,
            target=k.target,
            target_on=add_months(starts_on, 12),
            direction=k.direction,
            frequency=k.frequency,
        )
        for k in starter.kpis
    ]
    set_initiative_kpis(initiative, kpis)
    Cost.objects.bulk_create(
        Cost(
            organisation=organisation,
            initiative=initiative,
            label=c.label.get(lang),
            recurrence=c.recurrence,
            amount=c.amount,
            hours=Decimal(str(c.hours)),
            hourly_rate=c.hourly_rate,
            # With a subsidy, one-off costs are ordered and paid in the month of the grant decision, not before.
            start_month=(starter.subsidy.decision_months if starter.subsidy else 0) if c.recurrence == "once" else 1,
        )
        for c in starter.costs
    )
    Benefit.objects.bulk_create(
        Benefit(
            organisation=organisation,
            initiative=initiative,
            label=b.label.get(lang),
            kind=b.kind,
            quantity=Decimal(str(b.quantity)),
            unit_value=Decimal(str(b.unit_value)),
            start_month=1,
        )
        for b in starter.benefits
    )
    amount = subsidies.amount_for(starter.eligible_one_off()) if starter.subsidy is not None else None
    if starter.subsidy is not None and amount:
        Subsidy.objects.create(
            organisation=organisation,
            initiative=initiative,
            name=subsidies.programme_name(lang),
            amount=amount,
            decision_on=add_months(starts_on, starter.subsidy.decision_months),
            expected_on=add_months(starts_on, starter.subsidy.months_after_start),
        )
    gate = Gate.objects.create(organisation=organisation, initiative=initiative, decide_by=gate_day)
    # Success at the gate: each KPI a quarter of the way to its target.
    Criterion.objects.bulk_create(
        Criterion(organisation=organisation, gate=gate, target=k, threshold=k.baseline + (k.target - k.baseline) / 4)
        for k in kpis
    )
    return initiative


def criterion_met(target: Target, threshold: float, value: float | None) -> bool | None:
    if value is None:
        return None
    return value >= threshold if target.higher_is_better else value <= threshold


def latest_values(targets: Iterable[Target], on_or_before: date | None = None) -> dict[int, Measurement]:
    """The latest measurement of each target (up to a day), in one query."""
    ids = [t.pk for t in targets]
    rows = Measurement.objects.filter(target_id__in=ids)
    if on_or_before is not None:
        rows = rows.filter(measured_on__lte=on_or_before)
    latest: dict[int, Measurement] = {}
    for row in rows.order_by("target_id", "measured_on"):
        latest[row.target_id] = row
    return latest


def gate_evidence(gate: Gate, day: date) -> list[dict]:
    """The criteria with the measurements known on `day`: what the decision was based on."""
    criteria = list(gate.criteria.select_related("target"))
    latest = latest_values([c.target for c in criteria], day)
    evidence = []
    for criterion in criteria:
        reading = latest.get(criterion.target_id)
        value = reading.value if reading else None
        evidence.append(
            {
                "kpi": criterion.target.name,
                "unit": criterion.target.unit,
                "threshold": criterion.threshold,
                "direction": criterion.target.direction,
                "value": value,
                "on": reading.measured_on.isoformat() if reading else None,
                "met": criterion_met(criterion.target, criterion.threshold, value),
            }
        )
    return evidence


NEXT_STAGE = {Stage.IDEA: Stage.ROLLOUT, Stage.POC: Stage.ROLLOUT, Stage.ROLLOUT: Stage.STANDARD}


@transaction.atomic
def decide_gate(gate: Gate, decision: str, by: User | None, notes: str = "", day: date | None = None) -> Gate:
    """Record the owner's decision at a PoC gate with the evidence of that day; move the initiative's stage."""
    day = day or timezone.localdate()
    gate.decision, gate.decided_on, gate.decided_by, gate.notes = decision, day, by, notes
    gate.evidence = gate_evidence(gate, day)
    gate.save(update_fields=["decision", "decided_on", "decided_by", "notes", "evidence"])
    initiative = gate.initiative
    if decision == Decision.STOP:
        initiative.stage = Stage.STOPPED
    elif decision == Decision.EXPAND:
        initiative.stage = NEXT_STAGE.get(Stage(initiative.stage), initiative.stage)
    initiative.save(update_fields=["stage"])
    return gate


def open_cycle(initiative: Initiative) -> Cycle | None:
    return initiative.cycles.filter(closed_on__isnull=True).order_by("-number").first()


@transaction.atomic
def start_next_cycle(initiative: Initiative, day: date | None = None) -> Cycle:
    """Close the open cycle (keeping its measurements) and start the next one, planned from its act."""
    day = day or timezone.localdate()
    previous = initiative.cycles.order_by("-number").first()
    plan = ""
    if previous is not None:
        if previous.closed_on is None:
            close_cycle(previous, day)
        plan = previous.act_text
    return Cycle.objects.create(
        organisation_id=initiative.organisation_id,
        initiative=initiative,
        number=(previous.number + 1) if previous else 1,
        plan_text=plan,
        started_on=day,
    )


def close_cycle(cycle: Cycle, day: date) -> None:
    targets = list(cycle.initiative.kpis.all())
    rows = Measurement.objects.filter(
        target__in=targets, measured_on__gte=cycle.started_on, measured_on__lte=day
    ).select_related("target")
    cycle.evidence = [
        {"kpi": m.target.name, "unit": m.target.unit, "on": m.measured_on.isoformat(), "value": m.value} for m in rows
    ]
    cycle.closed_on = day
    cycle.save(update_fields=["evidence", "closed_on"])


def gates_due(organisation: Organisation, today: date, within_days: int = 30):  # type: ignore[no-untyped-def]
    """Undecided gates due within `within_days` (or already past), earliest first, with their initiative."""
    return (
        scoped(Gate.objects.all(), organisation)
        .filter(decision="", decide_by__lte=today + timedelta(days=within_days))
        .exclude(initiative__stage=Stage.STOPPED)
        .select_related("initiative")
        .order_by("decide_by", "id")
    )
