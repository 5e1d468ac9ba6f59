"""Plan data for the demo company (`seed_planning_demo`, called from orgs/demo.py) and for `demo --scale`."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from django.utils import timezone

from rashinban.orgs.models import Organisation, User
from rashinban.planning import actions
from rashinban.planning.models import Benefit, Cycle, Measurement, RoadmapItem, Stage, Target, TargetKind
from rashinban.planning.starters import starters

DEMO_STARTER = "paperless-approval"


def seed_planning_demo(organisation: Organisation, owner: User, today: date | None = None) -> None:
    """A north star, a KGI, two KPIs with four months of values, an initiative with a PoC gate, costs and a
    subsidy, a first PDCA cycle and a roadmap line added by hand (the ranking's steps fill the rest of the roadmap)."""
    today = today or timezone.localdate()
    start = actions.add_months(today, -4).replace(day=1)
    actions.save_north_star(
        organisation,
        "精密部品の短納期対応で選ばれ続ける会社になる。紙と転記をなくし、社員が段取りと改善に時間を使えるようにする。",
        "3年で受注から出荷までをデータでつなぐ。まず承認業務のペーパーレス化で小さく始め、効果を測って広げる。",
        owner,
    )
    kgi = Target.objects.create(
        organisation=organisation,
        kind=TargetKind.KGI,
        name="売上総利益率",
        unit="%",
        baseline=22.0,
        baseline_on=start,
        target=26.0,
        target_on=actions.add_months(start, 24),
        direction="up",
        frequency="quarterly",
    )
    initiative = actions.create_from_starter(organisation, starters()[DEMO_STARTER], "ja", starts_on=start)
    initiative.stage = Stage.POC
    initiative.save(update_fields=["stage"])
    kpis = list(initiative.kpis.order_by("id"))
    Target.objects.filter(pk__in=[k.pk for k in kpis]).update(kgi=kgi)
    days, forms = kpis
    # Days to approval falls as planned; paper forms lag behind (at risk).
    for month, (lead_time, paper) in enumerate(((4.8, 190), (4.1, 170), (3.5, 150), (2.9, 140)), start=1):
        on = actions.add_months(start, month) - timedelta(days=3)
        if on > today:
            on = today
        actions.record_measurement(days, on, lead_time, owner)
        actions.record_measurement(forms, on, paper, owner)
    actions.record_measurement(kgi, actions.add_months(start, 3), 22.6, owner)
    Benefit.objects.filter(initiative=initiative, kind="hours").update(target=days)
    cycle = Cycle.objects.create(
        organisation=organisation,
        initiative=initiative,
        number=1,
        started_on=start,
        plan_text="経理部の経費精算の承認だけをワークフローに移す。紙の申請は受け付けない期間を決める。",
        do_text="2か月目から経理部全員で運用。申請書のひな形を3種類に統一した。",
        check_text="承認までの日数は計画どおり短縮。紙の枚数は他部署からの紙申請が残り、減り方が遅い。",
        act_text="他部署にも申請の入口を案内し、紙の受付を月末で締める。",
    )
    actions.close_cycle(cycle, actions.add_months(start, 3))
    actions.start_next_cycle(initiative, actions.add_months(start, 3))
    RoadmapItem.objects.create(
        organisation=organisation,
        title="全社説明会: 申請の入口を紙からワークフローへ",
        detail="他部署の紙申請が残っているため、月末の締めの前に各部署へ説明する。",
        starts_on=today,
        due_on=today + timedelta(days=21),
    )


def seed_at_scale(organisations: Sequence[Organisation], rng: random.Random, today: date, months: int = 12) -> int:
    """For `demo --scale`: two KPIs per company with a year of monthly values, in bulk; returns measurements."""
    start = actions.add_months(today, -months).replace(day=1)
    # (name, unit, baseline, target, months to the target date, direction)
    kpis = [
        ("月間の請求書処理時間", "時間/月", 40, 15, 18, "down"),
        ("Web経由の受注の割合", "%", 5, 40, 24, "up"),
    ]
    targets = [
        Target(
            organisation=organisation, kind=TargetKind.KPI, name=name, unit=unit, baseline=baseline,
            baseline_on=start, target=goal, target_on=actions.add_months(start, reach), direction=direction,
            frequency="monthly",
        )
        for organisation in organisations
        for name, unit, baseline, goal, reach, direction in kpis
    ]  # fmt: skip
    Target.objects.bulk_create(targets, batch_size=500)
    rows = []
    for target in targets:
        pace = rng.uniform(0.3, 1.3)
        for month in range(1, months + 1):
            on = actions.add_months(start, month) - timedelta(days=rng.randint(1, 5))
            planned = target.baseline + (target.target - target.baseline) * min(1.0, month / 18) * pace
            rows.append(
                Measurement(
                    organisation_id=target.organisation_id,
                    target=target,
                    measured_on=on,
                    value=round(planned + rng.uniform(-2, 2), 1),
                )
            )
    Measurement.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
