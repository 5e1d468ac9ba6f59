"""Costs, benefits and subsidies of an initiative over a horizon: TCO, ROI, payback month and NPV.

Pure: takes plain dataclasses, imports no Django. Conventions (also in docs/planning.md):

- Months are numbered 0..N. Month 0 is the start; a one-off cost usually falls there.
- A monthly flow that starts in month s falls in months s, s+1, ..., N; a yearly one in s, s+12, ...
- total_cost = all costs in 0..N minus all subsidies in 0..N (the net total cost of ownership).
- total_benefit = all benefits in 0..N; net = total_benefit - total_cost.
- roi = net / total_cost, a fraction (0.25 = 25 %); null when the net cost is zero or less.
- payback_month = the first month m from which the cumulative cash flow stays >= 0 through month N;
  0 means it was never below zero; null when it is still below zero at month N ("never").
- npv = sum over m of CF(m) / (1 + r)^m with the monthly rate r = (1 + R)^(1/12) - 1 of the annual rate R,
  CF(m) = benefits + subsidies - costs of month m (so month 0 is not discounted).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

COST, BENEFIT, SUBSIDY = "cost", "benefit", "subsidy"
KINDS = (COST, BENEFIT, SUBSIDY)


class Recurrence(StrEnum):
    ONCE = "once"
    MONTHLY = "monthly"
    YEARLY = "yearly"


class MoneyError(ValueError):
    """Input that cannot be evaluated (a negative amount or horizon); the message says which."""


@dataclass(frozen=True)
class Flow:
    """One line of money: `amount` yen in each month it falls, from `start_month` (0..)."""

    kind: str  # cost | benefit | subsidy
    amount: float
    recurrence: Recurrence = Recurrence.ONCE
    start_month: int = 0
    label: str = ""

    def months(self, horizon: int) -> range:
        step = {Recurrence.ONCE: 0, Recurrence.MONTHLY: 1, Recurrence.YEARLY: 12}[self.recurrence]
        if self.start_month > horizon:
            return range(0)
        if step == 0:
            return range(self.start_month, self.start_month + 1)
        return range(self.start_month, horizon + 1, step)


@dataclass(frozen=True)
class Figures:
    total_cost: int
    total_benefit: int
    net: int
    roi: float | None
    payback_month: int | None
    npv: int

    def as_json(self) -> dict[str, int | float | None]:
        return {
            "total_cost": self.total_cost,
            "total_benefit": self.total_benefit,
            "net": self.net,
            "roi": self.roi,
            "payback_month": self.payback_month,
            "npv": self.npv,
        }


def monthly_rate(annual_rate: float) -> float:
    """The monthly rate equivalent to an annual rate compounded monthly: (1 + R)^(1/12) - 1."""
    return (1 + annual_rate) ** (1 / 12) - 1


def yen(value: float) -> int:
    """Round to whole yen, half up (not banker's rounding)."""
    return int(Decimal(repr(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def validate(flows: Iterable[Flow], horizon: int, annual_rate: float) -> None:
    if horizon < 0:
        raise MoneyError("months must be 0 or more")
    if annual_rate < 0 or annual_rate >= 10:
        raise MoneyError("the discount rate must be between 0 and 10 (0.03 is 3 %)")
    for flow in flows:
        if flow.kind not in KINDS:
            raise MoneyError(f"unknown kind {flow.kind!r}")
        if flow.amount < 0:
            raise MoneyError(f"{flow.label or flow.kind}: amounts must be 0 or more")
        if flow.start_month < 0:
            raise MoneyError(f"{flow.label or flow.kind}: the start month must be 0 or more")


def cash_flows(flows: Iterable[Flow], horizon: int) -> list[float]:
    """Net cash flow of each month 0..horizon: benefits and subsidies in, costs out."""
    per_month = [0.0] * (horizon + 1)
    for flow in flows:
        sign = -1.0 if flow.kind == COST else 1.0
        for month in flow.months(horizon):
            per_month[month] += sign * flow.amount
    return per_month


def payback_month(per_month: Sequence[float]) -> int | None:
    """First month from which the cumulative cash flow stays at or above zero to the end; None if never."""
    cumulative, answer = 0.0, None
    for month, value in enumerate(per_month):
        cumulative += value
        if cumulative < -1e-9:
            answer = None
        elif answer is None:
            answer = month
    return answer


def npv(per_month: Sequence[float], annual_rate: float) -> float:
    rate = monthly_rate(annual_rate)
    return sum(value / (1 + rate) ** month for month, value in enumerate(per_month))


def evaluate(flows: Sequence[Flow], horizon: int, annual_rate: float = 0.0) -> Figures:
    """The figures of a set of flows over months 0..horizon (see the module docstring)."""
    validate(flows, horizon, annual_rate)
    totals = {kind: 0.0 for kind in KINDS}
    for flow in flows:
        totals[flow.kind] += flow.amount * len(flow.months(horizon))
    total_cost = totals[COST] - totals[SUBSIDY]
    net = totals[BENEFIT] - total_cost
    per_month = cash_flows(flows, horizon)
    return Figures(
        total_cost=yen(total_cost),
        total_benefit=yen(totals[BENEFIT]),
        net=yen(net),
        roi=round(net / total_cost, 4) if total_cost > 1e-9 else None,
        payback_month=payback_month(per_month),
        npv=yen(npv(per_month, annual_rate)),
    )


def quick_estimate(
    initial: float,
    monthly_cost: float,
    monthly_benefit: float,
    months: int,
    subsidy: float = 0.0,
    discount_rate: float = 0.0,
) -> Figures:
    """What `rashinban roi` prints: initial cost and subsidy in month 0, cost and benefit in months 1..N."""
    named = {
        "--initial": initial,
        "--monthly-cost": monthly_cost,
        "--monthly-benefit": monthly_benefit,
        "--subsidy": subsidy,
        "--months": months,
        "--discount-rate": discount_rate,
    }
    negative = [name for name, value in named.items() if value < 0]
    if negative:
        raise MoneyError(", ".join(negative))
    flows = [
        Flow(COST, initial, Recurrence.ONCE, 0, "--initial"),
        Flow(SUBSIDY, subsidy, Recurrence.ONCE, 0, "--subsidy"),
        Flow(COST, monthly_cost, Recurrence.MONTHLY, 1, "--monthly-cost"),
        Flow(BENEFIT, monthly_benefit, Recurrence.MONTHLY, 1, "--monthly-benefit"),
    ]
    return evaluate(flows, months, discount_rate)


# ------------------------------------------------------------------ benefits and costs from their parts


def monthly_benefit(kind: str, quantity: float, unit_value: float) -> float:
    """Yen per month of a benefit line.

    hours: hours saved per month x hourly cost; revenue: added revenue per month x margin (a fraction);
    avoided: yen per month of costs avoided (unit_value ignored).
    """
    if kind == "avoided":
        return quantity
    return quantity * unit_value


def cost_amount(amount: float, hours: float, hourly_rate: float) -> float:
    """Yen per occurrence of a cost line: paid out plus internal hours at their hourly rate."""
    return amount + hours * hourly_rate


def months_between(start_year: int, start_month: int, year: int, month: int) -> int:
    """Whole calendar months from one (year, month) to another; 0 when the second is not later."""
    return max(0, (year - start_year) * 12 + (month - start_month))
