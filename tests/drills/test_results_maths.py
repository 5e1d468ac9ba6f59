"""Results maths: scanner labels, rates per unique person, departments under five hidden, repeat clickers."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from rashinban.drills.plan import in_quiet_hours, schedule
from rashinban.drills.results import Mail, by_department, repeat_clickers, summarise

T0 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_hand_computed_drill():
    mails = [
        # A: opened and clicked a minute later, a person; clicked twice still counts once.
        Mail(1, "A", "営業", at(0), (("opened", at(60)), ("clicked", at(90)), ("clicked", at(95)))),
        # B: a scanner clicked 3 s after delivery; B reported later.
        Mail(2, "B", "営業", at(0), (("link", at(3)), ("clicked", at(3)), ("reported", at(600)))),
        # C: submitted the form (implies clicked and opened).
        Mail(3, "C", "経理", at(100), (("submitted", at(400)),)),
        # D: nothing. E: not sent yet (outside the results).
        Mail(4, "D", "経理", at(100)),
        Mail(5, "E", "経理", None),
    ]
    result = summarise(mails)
    r = result.rates
    assert (r.sent, r.opened, r.clicked, r.submitted, r.reported) == (4, 2, 2, 1, 1)
    assert r.report_rate == 25 and r.percent("clicked") == 50
    assert result.automated == 2
    assert result.first_report_after == timedelta(seconds=600)
    assert {p.name: p.scanned for p in result.people}["B"] == 2


def test_many_recipients_at_once_are_a_scan():
    mails = [Mail(i, f"P{i}", "", at(0), (("clicked", at(100 + i)),)) for i in range(5)]
    mails.append(Mail(9, "late", "", at(0), (("clicked", at(900)),)))
    result = summarise(mails)
    assert result.rates.clicked == 1 and result.automated == 5


def test_department_figures_need_five_people():
    people = summarise([Mail(i, str(i), "営業" if i < 5 else "経理", at(0)) for i in range(8)]).people
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
