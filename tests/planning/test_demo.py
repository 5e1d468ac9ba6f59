"""The demo company has a plan to look at; `demo --scale` can add KPIs with values in bulk."""

from __future__ import annotations

import random
from datetime import date

from rashinban.orgs.demo import seed_demo
from rashinban.orgs.models import Organisation
from rashinban.planning.demo import seed_at_scale
from rashinban.planning.models import Gate, Measurement, NorthStar, RoadmapItem, Subsidy, Target
from rashinban.planning.summary import kpi_rows


def test_demo_company_has_north_star_kgi_kpis_with_values_gate_costs_subsidy(db):
    assert seed_demo()
    org = Organisation.objects.get(slug="minato-seiko")
    assert NorthStar.objects.filter(organisation=org).exists()
    assert Target.objects.filter(organisation=org, kind="kgi").count() == 1
    kpis = Target.objects.filter(organisation=org, kind="kpi")
    assert kpis.count() == 2
    assert all(Measurement.objects.filter(target=k).count() >= 3 for k in kpis)
    assert Gate.objects.filter(organisation=org, decision="").count() == 1
    assert Subsidy.objects.filter(organisation=org).exists()
    # One line added by hand; nothing generated beside the ranking (docs/planning.md).
    assert list(RoadmapItem.objects.filter(organisation=org).values_list("source", flat=True)) == ["manual"]
    statuses = {row.target.name: row.status.code for row in kpi_rows(org, date.today())}
    assert set(statuses.values()) <= {"on_track", "at_risk", "off_track", "waiting"}


def test_bulk_seed_for_scale(db):
    orgs = [Organisation.objects.create(name=f"会社{i}") for i in range(3)]
    count = seed_at_scale(orgs, random.Random(1), date(2026, 6, 1))
    assert count == 3 * 2 * 12
    assert Measurement.objects.count() == count
    assert Target.objects.filter(organisation=orgs[0]).count() == 2
