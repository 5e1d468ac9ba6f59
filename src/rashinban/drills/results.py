"""Drill results from plain rows (pure): scanner-vs-person labels, rates per unique person, first report,
timeline, departments (never a group under five) and repeat clickers.

Mail security scanners open mails and follow links on their own. A hit seconds after delivery, or hits from
many recipients within a few seconds, is labelled "possible automated scan" and not counted against anyone.
A click counts only after a step a scanner does not take (the page's script beacon or the 「続行」 button):
that is the "clicked" event; the bare "link" hit alone never counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

DELIVERY_SECONDS = 20  # a hit this soon after the mail left is a scanner's
BURST_SECONDS = 10  # hits from BURST_PEOPLE or more different people within this window are a scanner's
BURST_PEOPLE = 5
DEPARTMENT_MINIMUM = 5  # department figures are never shown for fewer people than this
SCANNED_KINDS = ("opened", "link", "clicked", "submitted")
OUTCOMES = ("opened", "clicked", "submitted", "reported")


@dataclass(frozen=True)
class Mail:
    """One person's drill mail and what happened to it."""

    person: int
    name: str
    department: str
    sent_at: datetime | None
    events: tuple[tuple[str, datetime], ...] = ()


@dataclass(frozen=True)
class PersonOutcome:
    person: int
    name: str
    department: str
    opened: bool
    clicked: bool
    submitted: bool
    reported: bool
    scanned: int  # events labelled as a possible automated scan


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
    people: list[PersonOutcome]
    first_report_after: timedelta | None
    automated: int
    timeline: list[tuple[datetime, dict[str, int]]] = field(default_factory=list)


def automated_hits(mails: Sequence[Mail]) -> set[tuple[int, str, datetime]]:
    """(person, kind, at) of every hit that looks like a scanner's: too soon after delivery, or in a burst."""
    labelled: set[tuple[int, str, datetime]] = set()
    hits = []
    for mail in mails:
        for kind, at in mail.events:
            if kind not in SCANNED_KINDS:
                continue
            hits.append((at, mail.person, kind))
            if mail.sent_at is not None and (at - mail.sent_at).total_seconds() < DELIVERY_SECONDS:
                labelled.add((mail.person, kind, at))
    hits.sort()
    window = timedelta(seconds=BURST_SECONDS)
    start = 0
    for end in range(len(hits)):
        while hits[end][0] - hits[start][0] > window:
            start += 1
        group = hits[start : end + 1]
        if len({person for _at, person, _kind in group}) >= BURST_PEOPLE:
            labelled.update((person, kind, at) for at, person, kind in group)
    return labelled


def _outcome(mail: Mail, automated: set[tuple[int, str, datetime]]) -> PersonOutcome:
    human = {kind for kind, at in mail.events if (mail.person, kind, at) not in automated}
    scanned = sum(1 for kind, at in mail.events if (mail.person, kind, at) in automated)
    submitted = "submitted" in human
    clicked = "clicked" in human or submitted
    return PersonOutcome(
        person=mail.person, name=mail.name, department=mail.department,
        opened="opened" in human or clicked, clicked=clicked, submitted=submitted,
        reported="reported" in human, scanned=scanned,
    )  # fmt: skip


def tally(outcomes: Iterable[PersonOutcome]) -> Rates:
    rates = Rates()
    for o in outcomes:
        rates.sent += 1
        rates.opened += o.opened
        rates.clicked += o.clicked
        rates.submitted += o.submitted
        rates.reported += o.reported
    return rates


def timeline(mails: Sequence[Mail], automated: set[tuple[int, str, datetime]], bucket=timedelta(hours=1)):  # type: ignore[no-untyped-def]
    """Counts per kind per hour from the first mail on; scanner hits are counted under "scan"."""
    counts: dict[datetime, Counter[str]] = defaultdict(Counter)
    sent = [m.sent_at for m in mails if m.sent_at]
    if not sent:
        return []
    origin = min(sent).replace(minute=0, second=0, microsecond=0)
    for mail in mails:
        items = list(mail.events) + ([("sent", mail.sent_at)] if mail.sent_at else [])
        for kind, at in items:
            slot = origin + bucket * int((at - origin) / bucket)
            counts[slot]["scan" if (mail.person, kind, at) in automated else kind] += 1
    return [(slot, dict(counts[slot])) for slot in sorted(counts)]


def summarise(mails: Sequence[Mail]) -> DrillResult:
    """Results per unique person of the mails that were sent (report rate is the headline)."""
    sent = [m for m in mails if m.sent_at is not None]
    automated = automated_hits(sent)
    people = [_outcome(m, automated) for m in sent]
    reports = [at for m in sent for kind, at in m.events if kind == "reported"]
    first_report = min(reports) - min(m.sent_at for m in sent) if reports else None  # type: ignore[type-var,operator]
    return DrillResult(
        rates=tally(people), people=people, first_report_after=first_report,
        automated=len(automated), timeline=timeline(sent, automated),
    )  # fmt: skip


@dataclass(frozen=True)
class DepartmentFigures:
    department: str
    size: int
    rates: Rates | None  # None: fewer than DEPARTMENT_MINIMUM people, figures withheld


def figures_shown(result: DrillResult, minimum: int = DEPARTMENT_MINIMUM) -> bool:
    """Whether a drill's headline figures may be shown to members and advisors: a group of `minimum` or more.

    With fewer people, "1 clicked" names someone to whoever knows who was mailed; owners see the per-person
    table anyway (they run the drill and assign the lesson)."""
    return len(result.people) >= minimum


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
