"""KPI status from the trajectory: hand-computed cases for each status and the boundaries."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rashinban.planning.status import (
    AT_RISK,
    OFF_TRACK,
    ON_TRACK,
    OVERDUE,
    WAITING,
    Reading,
    Trajectory,
    expected_on,
    kpi_status,
)

START = date(2026, 1, 1)
# Hours a month on invoices: 100 down to 40 over 300 days (a planned change of 60).
HOURS = Trajectory(100, START, 40, START + timedelta(days=300), higher_is_better=False, frequency="monthly")
SALES = Trajectory(1000, START, 2000, START + timedelta(days=100), higher_is_better=True, frequency="monthly")


def day(n: int) -> date:
    return START + timedelta(days=n)


def test_expected_value_follows_the_straight_line_and_stops_at_the_target():
    assert expected_on(HOURS, day(150)) == 70
    assert expected_on(HOURS, day(400)) == 40
    assert expected_on(HOURS, day(-10)) == 100


def test_on_plan_is_on_track():
    status = kpi_status(HOURS, [Reading(day(150), 70)], day(160))
    assert status.code == ON_TRACK and status.expected == 70 and status.shortfall == 0


def test_within_ten_percent_of_the_change_is_on_track_and_beyond_is_at_risk():
    assert kpi_status(HOURS, [Reading(day(150), 76)], day(150)).code == ON_TRACK  # 6/60 = 10 %
    assert kpi_status(HOURS, [Reading(day(150), 76.6)], day(150)).code == AT_RISK  # 11 %


def test_more_than_a_quarter_behind_is_off_track():
    assert kpi_status(HOURS, [Reading(day(150), 85)], day(150)).code == AT_RISK  # 15/60 = 25 %
    assert kpi_status(HOURS, [Reading(day(150), 86)], day(150)).code == OFF_TRACK  # 26.7 %


def test_higher_is_better_direction():
    # Expected on day 50: 1500. 1300 is 200/1000 = 20 % behind.
    assert kpi_status(SALES, [Reading(day(50), 1300)], day(50)).code == AT_RISK
    assert kpi_status(SALES, [Reading(day(50), 1600)], day(50)).code == ON_TRACK


def test_target_reached_is_on_track():
    assert kpi_status(SALES, [Reading(day(200), 2500)], day(200)).code == ON_TRACK


def test_latest_reading_counts_whatever_the_order():
    readings = [Reading(day(60), 1600), Reading(day(30), 1000)]
    assert kpi_status(SALES, readings, day(61)).latest == Reading(day(60), 1600)


def test_no_reading_yet_waits_until_the_first_is_due():
    status = kpi_status(HOURS, [], day(20))
    assert status.code == WAITING and status.next_due == day(30)


def test_overdue_after_one_period_and_grace():
    # monthly: 30 days plus 8 days of grace (a quarter of 30, rounded)
    assert kpi_status(HOURS, [Reading(day(10), 95)], day(48)).code == ON_TRACK
    assert kpi_status(HOURS, [Reading(day(10), 95)], day(49)).code == OVERDUE
    assert kpi_status(HOURS, [], day(39)).code == OVERDUE


def test_target_equal_to_baseline_keeps_the_level():
    keep = Trajectory(50, START, 50, day(90), higher_is_better=True, frequency="weekly")
    assert kpi_status(keep, [Reading(day(7), 48)], day(7)).code == ON_TRACK  # 2/50 = 4 %
    assert kpi_status(keep, [Reading(day(7), 30)], day(7)).code == OFF_TRACK


@given(st.floats(min_value=-1e6, max_value=1e6), st.floats(min_value=0, max_value=1e6))
def test_a_better_value_never_gives_a_worse_status(value, better_by):
    order = [ON_TRACK, AT_RISK, OFF_TRACK]
    worse = kpi_status(SALES, [Reading(day(50), value)], day(50)).code
    better = kpi_status(SALES, [Reading(day(50), value + better_by)], day(50)).code
    assert order.index(better) <= order.index(worse)
