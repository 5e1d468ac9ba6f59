"""KPI status from its trajectory (pure): on track, at risk, off track, measurement overdue.

The rule (also in docs/planning.md):

1. Overdue: the last measurement (or the baseline date, before the first one) is older than one
   measurement period plus a grace of a quarter period (at least 3 days): weekly 7+3 days,
   monthly 30+8, quarterly 91+23, yearly 365+91.
2. Otherwise, with no measurement yet: "waiting" (nothing to judge).
3. Otherwise the latest value v (on day d) is compared with the planned path, a straight line from the
   baseline (b on its date) to the target (t on its date), expected(d) = b + (t - b) * progress(d),
   progress clamped to 0..1. The shortfall is how far v stays behind expected(d) in the good direction,
   as a share of the whole planned change |t - b| (of |b|, or 1, when the target keeps the baseline):
   shortfall <= 10 % is on track, <= 25 % at risk, more is off track (a value at or past the target is
   never behind the path, so reaching the target is on track).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

ON_TRACK, AT_RISK, OFF_TRACK, OVERDUE, WAITING = "on_track", "at_risk", "off_track", "overdue", "waiting"
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK, OVERDUE, WAITING)
ALERTING = (OFF_TRACK, OVERDUE)  # the states the owner is told about by mail
PERIOD_DAYS = {"weekly": 7, "monthly": 30, "quarterly": 91, "yearly": 365}
AT_RISK_FROM, OFF_TRACK_FROM = 0.10, 0.25


@dataclass(frozen=True)
class Trajectory:
    baseline: float
    baseline_on: date
    target: float
    target_on: date
    higher_is_better: bool
    frequency: str  # weekly | monthly | quarterly | yearly


@dataclass(frozen=True)
class Reading:
    on: date
    value: float


@dataclass(frozen=True)
class Status:
    code: str
    expected: float | None = None  # the planned value on the day of the latest reading
    latest: Reading | None = None
    shortfall: float | None = None  # share of the planned change still missing (0.2 = 20 %)
    next_due: date | None = None


def grace_days(frequency: str) -> int:
    period = PERIOD_DAYS[frequency]
    return max(3, round(period / 4))


def next_due(trajectory: Trajectory, last: date | None) -> date:
    """The day by which the next measurement is expected (without grace)."""
    return (last or trajectory.baseline_on) + timedelta(days=PERIOD_DAYS[trajectory.frequency])


def expected_on(trajectory: Trajectory, day: date) -> float:
    span = (trajectory.target_on - trajectory.baseline_on).days
    progress = 1.0 if span <= 0 else min(1.0, max(0.0, (day - trajectory.baseline_on).days / span))
    return trajectory.baseline + (trajectory.target - trajectory.baseline) * progress


def shortfall(trajectory: Trajectory, reading: Reading) -> float:
    """How far the reading stays behind plan, as a share of the planned change; <= 0 is ahead of plan."""
    sign = 1.0 if trajectory.higher_is_better else -1.0
    scale = abs(trajectory.target - trajectory.baseline) or abs(trajectory.baseline) or 1.0
    return (expected_on(trajectory, reading.on) - reading.value) * sign / scale


def kpi_status(trajectory: Trajectory, readings: Sequence[Reading], today: date) -> Status:
    """The status of one KPI today from all its readings (any order)."""
    latest = max(readings, key=lambda r: r.on) if readings else None
    due = next_due(trajectory, latest.on if latest else None)
    if today > due + timedelta(days=grace_days(trajectory.frequency)):
        return Status(OVERDUE, latest=latest, next_due=due)
    if latest is None:
        return Status(WAITING, next_due=due)
    gap = shortfall(trajectory, latest)
    code = ON_TRACK if gap <= AT_RISK_FROM else AT_RISK if gap <= OFF_TRACK_FROM else OFF_TRACK
    return Status(code, expected_on(trajectory, latest.on), latest, round(gap, 4), due)
