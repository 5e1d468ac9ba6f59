"""An initiative's money as `money.Flow`s, and its figures: expected, and actual once its KPIs are measured."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rashinban.planning import money
from rashinban.planning.models import Benefit, Cost, Initiative, Measurement, Subsidy


@dataclass(frozen=True)
class MoneyView:
    expected: money.Figures
    actual: money.Figures | None  # None until a benefit is linked to a measured KPI
    monthly_benefit_expected: int
    monthly_benefit_actual: int | None


def cost_flows(costs: Iterable[Cost]) -> list[money.Flow]:
    return [
        money.Flow(
            money.COST,
            money.cost_amount(c.amount, float(c.hours), c.hourly_rate),
            money.Recurrence(c.recurrence),
            c.start_month,
            c.label,
        )
        for c in costs
    ]


def subsidy_flows(initiative: Initiative, subsidies: Iterable[Subsidy], costs: Iterable[Cost] = ()) -> list[money.Flow]:
    """Each subsidy in its expected month, never before the month after the last one-off payment it reimburses."""
    from rashinban.planning.subsidies import arrival_month

    costs = list(costs)
    return [
        money.Flow(money.SUBSIDY, s.amount, money.Recurrence.ONCE, arrival_month(initiative, s, costs), s.name)
        for s in subsidies
    ]


def expected_benefit(benefit: Benefit) -> float:
    return money.monthly_benefit(benefit.kind, float(benefit.quantity), float(benefit.unit_value))


def actual_benefit(benefit: Benefit, latest: Mapping[int, Measurement]) -> float | None:
    """For a benefit linked to a KPI: the improvement measured so far (baseline to latest) at the line's value.

    A KPI counted in the same units as the benefit (hours saved, revenue, yen) gives the improvement itself;
    anything else scales the expected benefit by the share of the planned change that has happened.
    """
    target = benefit.target
    if target is None or target.pk not in latest:
        return None
    sign = 1.0 if target.higher_is_better else -1.0
    improvement = max(0.0, (latest[target.pk].value - target.baseline) * sign)
    planned = abs(target.target - target.baseline)
    if planned == 0:
        return None
    return expected_benefit(benefit) * min(improvement / planned, 2.0)


def benefit_flows(benefits: Iterable[Benefit], per_month: Mapping[int, float]) -> list[money.Flow]:
    return [
        money.Flow(money.BENEFIT, per_month[b.pk], money.Recurrence.MONTHLY, b.start_month, b.label) for b in benefits
    ]


def money_view(
    initiative: Initiative,
    costs: list[Cost],
    benefits: list[Benefit],
    subsidies: list[Subsidy],
    latest: Mapping[int, Measurement],
) -> MoneyView:
    """Expected figures from the plan; actual ones with each KPI-linked benefit replaced by what was measured."""
    horizon, rate = initiative.horizon_months, float(initiative.discount_rate)
    fixed = cost_flows(costs) + subsidy_flows(initiative, subsidies, costs)
    planned = {b.pk: expected_benefit(b) for b in benefits}
    measured = {b.pk: actual_benefit(b, latest) for b in benefits}
    expected = money.evaluate(fixed + benefit_flows(benefits, planned), horizon, rate)
    actual = None
    actual_per_month = None
    if any(value is not None for value in measured.values()):
        mixed = {pk: planned[pk] if measured[pk] is None else measured[pk] for pk in planned}
        actual = money.evaluate(fixed + benefit_flows(benefits, mixed), horizon, rate)
        actual_per_month = money.yen(sum(mixed.values()))
    return MoneyView(expected, actual, money.yen(sum(planned.values())), actual_per_month)
