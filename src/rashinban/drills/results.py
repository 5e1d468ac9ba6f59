"""Drill results from the stored verdicts (pure): rates per unique person, first report, timeline, departments
(never a group under five), forwards and repeat clickers. Who clicked is decided once, by the classifier
(drills/classify.py, stored by drills/verdicts.py); this module only counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

DEPARTMENT_MINIMUM = 5  # department figures are never shown for fewer people than this
OUTCOMES = ("opened", "clicked", "submitted", "reported")


@dataclass(frozen=True)
class PersonOutcome:
    """One person's stored verdict, as the results count it."""

    person: int  # the user's id, or minus the recipient's id for an address without an account
    name: str
    department: str
    sent_at: datetime
    opened: bool = False
    clicked: bool = False
    submitted: bool = False
    reported: bool = False
    forwarded: bool = False
    clicks: int = 0
    set_aside: int = 0
    first_click_at: datetime | None = None
    first_report_at: datetime | None = None


@dataclass
class Rates:
    sent: int = 0
    opened: int = 0
    clicked: int = 0
    submitted: int = 0
    reported: int = 0

    def percent(self, what: str) -> int:
        return round(100 * getattr(self, what) / self.sent) if self.sent else 0

    @property
    def report_rate(self) -> int:
        return self.percent("reported")


@dataclass
class DrillResult:
    rates: Rates
    first_report_after: timedelta | None
    set_aside: int  # hits set aside as scanners', over everyone
    forwarded: int  # people whose link was used from a second device
    repeat: int  # people who clicked more than once in this drill
    timeline: list[tuple[datetime, dict[str, int]]] = field(default_factory=list)


def tally(outcomes: Iterable[PersonOutcome]) -> Rates:
    rates = Rates()
    for o in outcomes:
        rates.sent += 1
        rates.opened += o.opened
        rates.clicked += o.clicked
        rates.submitted += o.submitted
        rates.reported += o.reported
    return rates


def timeline(people: Sequence[PersonOutcome], bucket: timedelta = timedelta(hours=1)) -> list:  # type: ignore[type-arg]
    """Per hour from the first mail on: mails sent, people's first counted click, people's first report."""
    if not people:
        return []
    origin = min(p.sent_at for p in people).replace(minute=0, second=0, microsecond=0)
    counts: dict[datetime, Counter[str]] = defaultdict(Counter)
    for person in people:
        for what, at in (("sent", person.sent_at), ("clicked", person.first_click_at),
                         ("reported", person.first_report_at)):  # fmt: skip
            if at is not None:
                counts[origin + bucket * int((at - origin) / bucket)][what] += 1
    return [(slot, dict(counts[slot])) for slot in sorted(counts)]


def summarise(people: Sequence[PersonOutcome]) -> DrillResult:
    """Results per unique person of the mails that were sent (report rate is the headline)."""
    reports = [p.first_report_at for p in people if p.first_report_at is not None]
    first_report = min(reports) - min(p.sent_at for p in people) if reports else None
    return DrillResult(
        rates=tally(people), first_report_after=first_report, set_aside=sum(p.set_aside for p in people),
        forwarded=sum(p.forwarded for p in people), repeat=sum(p.clicks >= 2 for p in people),
        timeline=timeline(people),
    )  # fmt: skip


@dataclass(frozen=True)
class DepartmentFigures:
    department: str
    size: int
    rates: Rates | None  # None: fewer than DEPARTMENT_MINIMUM people, figures withheld


def figures_shown(rates: Rates, minimum: int = DEPARTMENT_MINIMUM) -> bool:
    """Whether a drill's headline figures may be shown to members and advisors: a group of `minimum` or more.

    With fewer people, "1 clicked" names someone to whoever knows who was mailed; owners see the per-person
    table anyway (they run the drill and assign the lesson)."""
    return rates.sent >= minimum


def by_department(people: Iterable[PersonOutcome], minimum: int = DEPARTMENT_MINIMUM) -> list[DepartmentFigures]:
    groups: dict[str, list[PersonOutcome]] = defaultdict(list)
    for person in people:
        groups[person.department].append(person)
    return [
        DepartmentFigures(name, len(members), tally(members) if len(members) >= minimum else None)
        for name, members in sorted(groups.items(), key=lambda item: (item[0] == "", item[0]))
    ]


def repeat_clickers(clickers_per_drill: Iterable[Iterable[int]]) -> dict[int, int]:
    """person -> number of drills they clicked in, for those who clicked in two or more."""
    counts = Counter(person for clickers in clickers_per_drill for person in set(clickers))
    return {person: n for person, n in counts.items() if n >= 2}
