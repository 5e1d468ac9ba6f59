"""Due dates and people for ranked steps, from a realistic capacity (pure).

Each person who shares the work does at most `steps_per_week` small steps a week; a larger step takes more of
the week (effort 3 counts as two steps, 4 as three, 5 as four) and may run into the next weeks. Steps are
placed in rank order, each with the person who can do it and finishes it first (ties: the role the step
prefers, then whoever has fewer steps, then the lower id). Due dates are Fridays: this week's if today is
Monday to Wednesday, else next week's. A date already stored (the plan's, or one a person moved) or set by the
source (a PoC decision) stays, and takes its place in that week's capacity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

LOAD = {1: 1, 2: 1, 3: 2, 4: 3, 5: 4}
NOBODY = 0  # the capacity of a company without people who can take steps (before anyone is invited)
WEEKS_AHEAD = 520  # a safety bound; a 20-person company's plan fills a few months


@dataclass(frozen=True)
class Slot:
    """What the scheduler needs of a ranked step."""

    id: str
    effort: int
    roles: tuple[str, ...]
    due: date | None = None  # already decided: stored, moved by a person, or fixed by its source
    assignee: int | None = None  # chosen by a person
    after: str | None = None


@dataclass(frozen=True)
class Placed:
    due: date
    assignee: int | None
    role: str


def first_monday(today: date) -> date:
    """Monday of the first week steps are due in: this week until Wednesday, else the next."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7) if today.weekday() >= 3 else monday


def friday(monday: date, week: int) -> date:
    return monday + timedelta(days=7 * week + 4)


def week_of(day: date, monday: date) -> int:
    return (day - monday).days // 7


def schedule(
    slots: Sequence[Slot], people: Sequence[tuple[int, str]], today: date, steps_per_week: int
) -> dict[str, Placed]:
    """Due date, person and role for each slot (in rank order); `people` are (id, role) pairs."""
    capacity = max(1, steps_per_week)
    monday = first_monday(today)
    used: dict[tuple[int, int], int] = defaultdict(int)
    counts: dict[int, int] = defaultdict(int)
    roles_of = dict(people)
    placed: dict[str, Placed] = {}
    # Decided dates first: they hold their week whatever their rank.
    for slot in slots:
        if slot.due is None:
            continue
        load = min(LOAD[slot.effort], capacity)
        person = _person_for_week(slot, people, used, week_of(slot.due, monday), load, capacity, counts)
        if week_of(slot.due, monday) >= 0:
            used[(person, week_of(slot.due, monday))] += load
        counts[person] += 1
        placed[slot.id] = Placed(slot.due, person or None, roles_of.get(person, slot.roles[0]))
    for slot in slots:
        if slot.id in placed:
            continue
        start = 0
        if slot.after in placed:
            start = max(0, week_of(placed[slot.after].due, monday))
        best: tuple[int, int, int, int] | None = None
        for person in _candidates(slot, people):
            finish = _finish(used, person, start, LOAD[slot.effort], capacity)
            preference = slot.roles.index(roles_of[person]) if roles_of.get(person) in slot.roles else len(slot.roles)
            key = (finish, preference, counts[person], person)
            if best is None or key < best:
                best = key
        assert best is not None
        finish, _preference, _count, person = best
        _take(used, person, start, LOAD[slot.effort], capacity)
        counts[person] += 1
        placed[slot.id] = Placed(friday(monday, finish), person or None, roles_of.get(person, slot.roles[0]))
    return placed


def _candidates(slot: Slot, people: Sequence[tuple[int, str]]) -> list[int]:
    """Who may take the step: the person chosen for it, else those in its roles, else the owners, else nobody."""
    ids = {person for person, _role in people}
    if slot.assignee in ids:
        return [slot.assignee]  # type: ignore[list-item]
    able = [person for person, role in people if role in slot.roles]
    owners = [person for person, role in people if role == "owner"]
    return able or owners or [NOBODY]


def _person_for_week(
    slot: Slot, people: Sequence[tuple[int, str]], used: dict, week: int, load: int, capacity: int, counts: dict
) -> int:
    """Who takes a step whose date is decided: the choice the plan made when it proposed that date (someone with
    room left in that week, then the role the step prefers, then whoever has fewer steps, then the lower id), so a
    plan stored as it was proposed keeps its people and never puts more on a person's week than it holds."""
    candidates = _candidates(slot, people)
    roles_of = dict(people)
    return min(
        candidates,
        key=lambda p: (
            used[(p, week)] + load > capacity,
            slot.roles.index(roles_of[p]) if roles_of.get(p) in slot.roles else len(slot.roles),
            counts[p],
            p,
        ),
    )


def _finish(used: dict, person: int, start: int, load: int, capacity: int) -> int:
    """The week in which `person` would finish a step of `load` starting no earlier than week `start`."""
    week, remaining = start, load
    while week < WEEKS_AHEAD:
        free = capacity - used[(person, week)]
        if free > 0:
            remaining -= free
            if remaining <= 0:
                return week
        week += 1
    return week


def _take(used: dict, person: int, start: int, load: int, capacity: int) -> None:
    week, remaining = start, load
    while remaining > 0 and week < WEEKS_AHEAD:
        free = capacity - used[(person, week)]
        if free > 0:
            taken = min(free, remaining)
            used[(person, week)] += taken
            remaining -= taken
        week += 1
