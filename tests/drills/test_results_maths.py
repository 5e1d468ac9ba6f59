"""Results maths on stored verdicts: rates per unique person, first report, departments under five hidden,
repeat clickers, the sending schedule."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from rashinban.drills.plan import in_quiet_hours, schedule
from rashinban.drills.results import PersonOutcome, Rates, by_department, figures_shown, repeat_clickers, summarise

T0 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def person(n: int, department: str = "", sent: float = 0, **verdict) -> PersonOutcome:
    return PersonOutcome(n, str(n), department, at(sent), **verdict)


def test_hand_computed_drill():
    people = [
        # A: clicked twice (a repeat click), opened.
        person(1, "営業", opened=True, clicked=True, clicks=2, first_click_at=at(90)),
        # B: a scanner's three hits were set aside; B reported ten minutes after the first mail.
        person(2, "営業", opened=True, reported=True, set_aside=3, first_report_at=at(600)),
        # C: sent the form (a click), the link also used from a second device.
        person(3, "経理", sent=100, opened=True, clicked=True, submitted=True, forwarded=True, clicks=1,
               first_click_at=at(400)),
        person(4, "経理", sent=100),
    ]  # fmt: skip
    result = summarise(people)
    r = result.rates
    assert (r.sent, r.opened, r.clicked, r.submitted, r.reported) == (4, 3, 2, 1, 1)
    assert r.report_rate == 25 and r.percent("clicked") == 50
    assert (result.set_aside, result.forwarded, result.repeat) == (3, 1, 1)
    assert result.first_report_after == timedelta(seconds=600)
    assert result.timeline == [(T0, {"sent": 4, "clicked": 2, "reported": 1})]


def test_nothing_sent_yet():
    assert summarise([]).rates.sent == 0 and summarise([]).first_report_after is None


def test_department_figures_need_five_people():
    people = [person(i, "営業" if i < 5 else "経理") for i in range(8)]
    sales, accounts = by_department(people)
    assert sales.rates is not None and sales.size == 5
    assert accounts.rates is None and accounts.size == 3


def test_repeat_clickers():
    assert repeat_clickers([[1, 2], [2, 3], [2, 1, 1]]) == {1: 2, 2: 3}


TZ = ZoneInfo("Asia/Tokyo")


def test_schedule_waits_for_quiet_hours_to_end():
    start = datetime(2026, 4, 1, 18, 30, tzinfo=TZ)
    times = schedule(3, start, start + timedelta(hours=1), 2, TZ, time(19), time(8))
    assert [t.astimezone(TZ).strftime("%d %H:%M") for t in times] == ["01 18:30", "02 08:00", "02 08:30"]


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(0, 60),
    hours=st.integers(1, 48),
    rate=st.integers(1, 120),
    quiet=st.one_of(st.none(), st.tuples(st.integers(0, 23), st.integers(0, 23))),
)
def test_schedule_respects_rate_order_and_quiet_hours(count, hours, rate, quiet):
    start = datetime(2026, 4, 1, 9, 0, tzinfo=TZ)
    qs, qe = (time(quiet[0]), time(quiet[1])) if quiet else (None, None)
    times = schedule(count, start, start + timedelta(hours=hours), rate, TZ, qs, qe)
    assert len(times) == count
    assert all(
        b - a >= timedelta(hours=1) / rate - timedelta(microseconds=1) for a, b in zip(times, times[1:], strict=False)
    )
    assert not any(in_quiet_hours(t, qs, qe, TZ) for t in times)


def test_members_see_a_drills_figures_from_a_group_of_five():
    assert not figures_shown(Rates(sent=4, clicked=1)) and figures_shown(Rates(sent=5, clicked=1))
