"""Plan data for tests: one of every object a plan URL can point at, and a snapshot of a company's plan rows."""

from __future__ import annotations

from datetime import date

from rashinban.orgs.models import Organisation
from rashinban.planning import actions
from rashinban.planning.models import (
    Cost,
    Cycle,
    Gate,
    Initiative,
    Measurement,
    NorthStar,
    Review,
    RoadmapItem,
    Subsidy,
    Target,
)

START = date(2026, 1, 1)


def make_kpi(org: Organisation, name: str = "請求書処理時間", **fields) -> Target:  # type: ignore[no-untyped-def]
    values = {
        "unit": "時間/月",
        "baseline": 100.0,
        "baseline_on": START,
        "target": 40.0,
        "target_on": date(2026, 10, 28),
        "direction": "down",
        "frequency": "monthly",
        "kind": "kpi",
    }
    values.update(fields)
    return Target.objects.create(organisation=org, name=name, **values)


def plan_objects(org: Organisation) -> dict[str, object]:
    target = make_kpi(org, "B指標")
    actions.record_measurement(target, START, 95)
    initiative = Initiative.objects.create(organisation=org, title="B施策", starts_on=START)
    actions.set_initiative_kpis(initiative, [target])
    Cost.objects.create(organisation=org, initiative=initiative, label="B費用", amount=1000)
    Subsidy.objects.create(organisation=org, initiative=initiative, name="B補助金", amount=500, expected_on=START)
    gate = Gate.objects.create(organisation=org, initiative=initiative, decide_by=START)
    cycle = Cycle.objects.create(organisation=org, initiative=initiative, number=1, plan_text="B計画")
    review = Review.objects.create(organisation=org, notes="B会議")
    item = RoadmapItem.objects.create(organisation=org, title="B項目", starts_on=START, due_on=START)
    NorthStar.objects.create(organisation=org, vision="Bの北極星")
    return {
        "plan_target": target,
        "plan_initiative": initiative,
        "plan_gate": gate,
        "plan_cycle": cycle,
        "plan_review": review,
        "plan_roadmap_item": item,
    }


def plan_rows(org: Organisation) -> tuple:
    return (
        sorted(Target.objects.filter(organisation=org).values_list("id", "name", "baseline", "target", "kgi_id")),
        sorted(Measurement.objects.filter(organisation=org).values_list("id", "measured_on", "value")),
        sorted(Initiative.objects.filter(organisation=org).values_list("id", "title", "stage")),
        sorted(Gate.objects.filter(organisation=org).values_list("id", "decision", "decide_by")),
        sorted(Cycle.objects.filter(organisation=org).values_list("id", "number", "plan_text", "closed_on")),
        Review.objects.filter(organisation=org).count(),
        sorted(RoadmapItem.objects.filter(organisation=org).values_list("id", "title", "edited")),
        list(NorthStar.objects.filter(organisation=org).values_list("vision", flat=True)),
        Cost.objects.filter(organisation=org).count(),
        Subsidy.objects.filter(organisation=org).count(),
    )
