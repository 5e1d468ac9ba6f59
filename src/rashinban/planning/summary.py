"""What the plan pages, the dashboard panel and the management review show; a fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from rashinban.assessments.actions import SECURITY_CATALOG, catalog_for
from rashinban.assessments.catalog import localized
from rashinban.assessments.models import Diagnosis
from rashinban.orgs.models import Organisation
from rashinban.orgs.tenancy import scoped
from rashinban.planning import actions
from rashinban.planning.models import Gate, Initiative, Measurement, Review, Stage, Target, TargetKind
from rashinban.planning.status import ALERTING, Reading, Status, Trajectory, kpi_status


@dataclass(frozen=True)
class KpiRow:
    target: Target
    status: Status

    @property
    def alerting(self) -> bool:
        return self.status.code in ALERTING


def trajectory(target: Target) -> Trajectory:
    return Trajectory(
        target.baseline, target.baseline_on, target.target, target.target_on, target.higher_is_better, target.frequency
    )


def with_latest(targets: QuerySet[Target]) -> QuerySet[Target]:
    """Targets annotated with their latest measurement (date and value), in the same query."""
    newest = Measurement.objects.filter(target=OuterRef("pk")).order_by("-measured_on")
    return targets.annotate(
        latest_on=Subquery(newest.values("measured_on")[:1]), latest_value=Subquery(newest.values("value")[:1])
    )


def status_of(target: Target, today: date) -> Status:
    latest_on = getattr(target, "latest_on", None)
    readings = [Reading(latest_on, target.latest_value)] if latest_on is not None else []  # type: ignore[attr-defined]
    return kpi_status(trajectory(target), readings, today)


def kpi_rows(organisation: Organisation, today: date) -> list[KpiRow]:
    """Every KGI and KPI with its status: one query, however many measurements there are."""
    targets = with_latest(scoped(Target.objects.all(), organisation)).order_by("kind", "name", "id")
    return [KpiRow(t, status_of(t, today)) for t in targets]


def status_counts(rows: list[KpiRow]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status.code] = counts.get(row.status.code, 0) + 1
    return counts


def panel_context(organisation: Organisation, today: date) -> dict:
    """The dashboard panel: KPI statuses and decisions due (two queries)."""
    rows = kpi_rows(organisation, today)
    due = list(actions.gates_due(organisation, today)[:5])
    return {
        "rows": rows,
        "counts": status_counts(rows),
        "gates_due": due,
        "today": today,
        "attention": [r for r in rows if r.alerting][:5],
    }


@dataclass(frozen=True)
class SectionChange:
    title: str
    before: int | None
    now: int
    change: int | None


def diagnosis_change(organisation: Organisation, lang: str) -> dict | None:
    """Latest completed DX diagnosis against the one before with the same bank, per failure pattern."""
    recent = list(
        scoped(Diagnosis.objects.select_related("custom_catalog"), organisation)
        .filter(completed_at__isnull=False)
        .exclude(catalog_id=SECURITY_CATALOG)  # the security self-check is not a DX diagnosis
        .order_by("-completed_at", "-id")[:2]
    )
    if not recent:
        return None
    latest = recent[0]
    previous = recent[1] if len(recent) > 1 and recent[1].catalog_id == latest.catalog_id else None
    before = previous.management_scores.get("sections", {}) if previous else {}
    now = latest.management_scores.get("sections", {})
    catalog = catalog_for(latest)
    sections = [
        SectionChange(
            localized(s.title, lang), before.get(s.id), now[s.id], now[s.id] - before[s.id] if s.id in before else None
        )
        for s in catalog.sections
        if s.id in now
    ]
    overall_before = previous.management_scores.get("overall") if previous else None
    overall = latest.management_scores.get("overall")
    return {
        "latest": latest,
        "previous": previous,
        "sections": sections,
        "overall": overall,
        "overall_change": overall - overall_before if overall is not None and overall_before is not None else None,
    }


def initiatives_with_gates(organisation: Organisation) -> list[Initiative]:
    """Initiatives with their gates prefetched (two queries)."""
    return list(
        scoped(Initiative.objects.all(), organisation).prefetch_related("gates").order_by("stage", "-created_at")
    )


def review_context(organisation: Organisation, today: date, lang: str) -> dict:
    rows = kpi_rows(organisation, today)
    return {
        "today": today,
        "kgis": [r for r in rows if r.target.kind == TargetKind.KGI],
        "kpis": [r for r in rows if r.target.kind == TargetKind.KPI],
        "counts": status_counts(rows),
        "initiatives": [i for i in initiatives_with_gates(organisation) if i.stage != Stage.STOPPED],
        "gates_due": list(actions.gates_due(organisation, today)),
        "security": security_overdue(organisation, today, lang),
        "diagnosis": diagnosis_change(organisation, lang),
        "reviews": list(scoped(Review.objects.select_related("held_by"), organisation)[:5]),
    }


def security_overdue(organisation: Organisation, today: date, lang: str = "ja") -> dict:
    """The one ranking of next steps at the review: its first five and its overdue steps (same order and dates
    as every other page); `items` are the overdue security steps (kept in a held review's snapshot)."""
    from rashinban.nextsteps import display, plan_for
    from rashinban.nextsteps.model import EVIDENCE, SECURITY_CHECK

    plan = plan_for(organisation, today)
    overdue = plan.overdue()
    return {
        "available": True,
        "first": display.rows(plan, organisation.pk, plan.first(5), lang),
        "overdue": display.rows(plan, organisation.pk, overdue, lang),
        "items": [s for s in overdue if set(s.sources) & {SECURITY_CHECK, EVIDENCE}],
    }


def review_snapshot(context: dict) -> dict:
    """What a held review keeps of the page: statuses, stages, decisions due, scores (plain JSON)."""

    def kpi(row: KpiRow) -> dict:
        latest = row.status.latest
        return {
            "id": row.target.pk,
            "name": row.target.name,
            "unit": row.target.unit,
            "status": row.status.code,
            "value": latest.value if latest else None,
            "on": latest.on.isoformat() if latest else None,
            "target": row.target.target,
        }

    diagnosis = context.get("diagnosis")
    return {
        "date": context["today"].isoformat(),
        "kpis": [kpi(r) for r in context["kgis"] + context["kpis"]],
        "initiatives": [{"id": i.pk, "title": i.title, "stage": i.stage} for i in context["initiatives"]],
        "gates_due": [
            {"initiative": g.initiative.title, "decide_by": g.decide_by.isoformat()} for g in context["gates_due"]
        ],
        "security_overdue": len(context["security"]["items"]),
        "first_steps": [
            {"rank": r.rank, "id": r.id, "title": r.title, "due": r.due.isoformat(), "who": r.who}
            for r in context["security"].get("first", [])
        ],
        "diagnosis": {"overall": diagnosis["overall"], "change": diagnosis["overall_change"]} if diagnosis else None,
    }


def gate_for_display(gates: list[Gate]) -> Gate | None:
    """The gate that matters now: the first undecided one, else the latest decided."""
    open_gates = [g for g in gates if not g.decision]
    if open_gates:
        return min(open_gates, key=lambda g: g.decide_by)
    return max(gates, key=lambda g: g.decide_by) if gates else None
