"""ROI, payback and NPV: hand-computed cases, edge cases and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashinban.planning.money import (
    BENEFIT,
    COST,
    Flow,
    MoneyError,
    Recurrence,
    evaluate,
    monthly_benefit,
    monthly_rate,
    payback_month,
    quick_estimate,
)


def test_hand_computed_quick_estimate():
    # 600,000 up front, 10,000 a month to run, 60,000 a month saved, one year, no discounting.
    figures = quick_estimate(600_000, 10_000, 60_000, 12)
    assert figures.total_cost == 600_000 + 12 * 10_000
    assert figures.total_benefit == 12 * 60_000
    assert figures.net == 0
    assert figures.roi == 0.0
    assert figures.payback_month == 12  # 50,000 a month repays 600,000 after exactly 12 months
    assert figures.npv == 0


def test_subsidy_reduces_net_cost_and_shortens_payback():
    figures = quick_estimate(600_000, 10_000, 60_000, 12, subsidy=300_000)
    assert figures.total_cost == 420_000
    assert figures.net == 300_000
    assert figures.roi == round(300_000 / 420_000, 4)  # 0.7143
    assert figures.payback_month == 6  # -300,000 + 6 x 50,000 = 0


def test_npv_discounts_each_month_at_the_monthly_equivalent_rate():
    annual = 1.01**12 - 1  # monthly rate exactly 1 %
    assert monthly_rate(annual) == pytest.approx(0.01)
    figures = quick_estimate(1_000, 0, 600, 2, discount_rate=annual)
    # -1000 + 600/1.01 + 600/1.01^2 = -1000 + 594.0594 + 588.1776 = 182.237
    assert figures.npv == 182
    assert figures.net == 200


def test_no_benefit_never_pays_back():
    figures = quick_estimate(100_000, 5_000, 0, 24)
    assert figures.total_benefit == 0
    assert figures.net == -220_000
    assert figures.roi == -1.0
    assert figures.payback_month is None
    assert figures.npv == -220_000


def test_benefit_before_cost_pays_back_from_the_month_it_stays_positive():
    flows = [
        Flow(BENEFIT, 1_000, Recurrence.MONTHLY, 0),  # benefit from month 0
        Flow(COST, 5_000, Recurrence.ONCE, 3),  # the bill comes in month 3
    ]
    figures = evaluate(flows, 10)
    # cumulative: 1000, 2000, 3000, -1000 (month 3), 0 (month 4), 1000, ...
    assert figures.payback_month == 4
    assert figures.total_benefit == 11_000
    assert figures.net == 6_000


def test_never_in_the_red_pays_back_in_month_zero():
    assert quick_estimate(0, 0, 1_000, 6).payback_month == 0


def test_zero_months_counts_month_zero_only():
    figures = quick_estimate(50_000, 9_999, 99_999, 0, subsidy=20_000)
    assert figures.total_cost == 30_000
    assert figures.total_benefit == 0
    assert figures.net == -30_000
    assert figures.npv == -30_000
    assert figures.payback_month is None


def test_nothing_at_all_has_no_roi():
    figures = quick_estimate(0, 0, 0, 0)
    assert figures.roi is None
    assert figures.payback_month == 0


def test_subsidy_larger_than_cost_has_no_roi():
    figures = quick_estimate(100, 0, 0, 1, subsidy=200)
    assert figures.total_cost == -100
    assert figures.roi is None


@pytest.mark.parametrize("field", ["initial", "monthly_cost", "monthly_benefit", "months", "subsidy", "discount_rate"])
def test_negative_values_are_rejected_naming_the_option(field):
    values = {"initial": 1, "monthly_cost": 1, "monthly_benefit": 1, "months": 1, "subsidy": 0, "discount_rate": 0}
    values[field] = -1
    with pytest.raises(MoneyError, match="--" + field.replace("_", "-")):
        quick_estimate(**values)


def test_negative_flow_is_rejected():
    with pytest.raises(MoneyError):
        evaluate([Flow(COST, -5)], 3)


def test_yearly_flow_falls_every_twelve_months():
    figures = evaluate([Flow(COST, 120_000, Recurrence.YEARLY, 0)], 36)
    assert figures.total_cost == 4 * 120_000  # months 0, 12, 24, 36


def test_benefit_parts():
    assert monthly_benefit("hours", 20, 3_000) == 60_000
    assert monthly_benefit("revenue", 500_000, 0.3) == 150_000
    assert monthly_benefit("avoided", 12_000, 99) == 12_000


def test_payback_of_empty_series_is_none():
    assert payback_month([]) is None


amounts = st.integers(min_value=0, max_value=10_000_000)
months = st.integers(min_value=0, max_value=60)
rates = st.sampled_from([0.0, 0.01, 0.03, 0.1, 0.5])


@given(amounts, amounts, amounts, months, amounts, rates, st.integers(min_value=1, max_value=1_000_000))
def test_more_benefit_never_lowers_roi_or_npv(initial, cost, benefit, n, subsidy, rate, more):
    base = quick_estimate(initial, cost, benefit, n, subsidy, rate)
    better = quick_estimate(initial, cost, benefit + more, n, subsidy, rate)
    assert better.npv >= base.npv
    assert better.net >= base.net
    if base.roi is not None:
        assert better.roi is not None and better.roi >= base.roi
    if base.payback_month is not None:
        assert better.payback_month is not None and better.payback_month <= base.payback_month


@given(amounts, amounts, amounts, months, amounts, rates, st.integers(min_value=1, max_value=1_000_000))
def test_a_subsidy_never_raises_net_cost(initial, cost, benefit, n, subsidy, rate, more):
    base = quick_estimate(initial, cost, benefit, n, subsidy, rate)
    helped = quick_estimate(initial, cost, benefit, n, subsidy + more, rate)
    assert helped.total_cost <= base.total_cost
    assert helped.npv >= base.npv


@given(amounts, amounts, amounts, months, amounts)
def test_without_discounting_npv_equals_net(initial, cost, benefit, n, subsidy):
    figures = quick_estimate(initial, cost, benefit, n, subsidy, 0.0)
    assert abs(figures.npv - figures.net) <= 1


@given(amounts, amounts, amounts, months, rates)
def test_discounting_never_raises_npv_of_an_investment_that_pays_later(initial, cost, benefit, n, rate):
    # Costs in month 0, net inflow afterwards: a higher rate shrinks the later inflows.
    if benefit < cost:
        return
    assert quick_estimate(initial, cost, benefit, n, 0, rate).npv <= quick_estimate(initial, cost, benefit, n).npv
