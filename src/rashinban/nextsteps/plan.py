"""A company's ranked steps with the questions every deliverable asks of them (pure).

The dashboard, the reports, the roadmap, the security action plan, the weekly mail, the calendar, the advisor
portfolio and the API all read a `Plan`, so they cannot disagree: the first N steps anywhere are `first(N)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from rashinban.nextsteps.model import Person, Step

# Roadmap stages (months from today): 0–3, 3–12, 12–36. A step's stage follows from its due date alone.
STAGES = {1: (0, 3), 2: (3, 12), 3: (12, 36)}
THIS_WEEK_LIMIT = 5
FIRST = 5


def stage_of(due: date, today: date) -> int:
    """The roadmap stage of a due date: 1 (0–3 months) when due within three months of `today` or overdue, 2
    (3–12 months) within twelve, else 3 (12–36 months; a date further out still shows in the last stage).

    The one mapping from dates to stages: the roadmap page, the report and the tests call this (or `Plan.stage`),
    so a step's stage can never contradict its due date (tests/nextsteps/test_properties.py)."""
    if due <= today + relativedelta(months=3):
        return 1
    if due <= today + relativedelta(months=12):
        return 2
    return 3


@dataclass(frozen=True)
class Plan:
    today: date
    steps: list[Step]
    people: Mapping[int, Person] = field(default_factory=dict)
    steps_per_week: int = 2
    language: str = "ja"
    # The security plan item of each security question (source_question -> item id), read with the plan's data:
    # a security step links to its item's page (comments, history) without a query of its own on every page.
    security_items: Mapping[str, int] = field(default_factory=dict)

    def first(self, n: int = FIRST) -> list[Step]:
        return self.steps[:n]

    def get(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def name_of(self, step: Step) -> str:
        person = self.people.get(step.assignee or 0)
        return person.name if person else ""

    def overdue(self) -> list[Step]:
        return [s for s in self.steps if s.is_overdue(self.today)]

    def due_within(self, days: int) -> list[Step]:
        """Steps due within `days` (overdue ones included), in rank order."""
        until = self.today + timedelta(days=days)
        return [s for s in self.steps if s.due <= until]

    def for_person(self, person_id: int) -> list[Step]:
        return [s for s in self.steps if s.assignee == person_id]

    def this_week(self, person_id: int, limit: int = THIS_WEEK_LIMIT) -> list[Step]:
        """What one person should do now: their overdue steps and those due by the Friday of the first week the
        scheduler fills (on a Thursday that is eight days ahead, so "this week" is never empty then), at most
        `limit`."""
        from rashinban.nextsteps.schedule import first_monday, friday

        days = max(7, (friday(first_monday(self.today), 0) - self.today).days)
        return [s for s in self.due_within(days) if s.assignee == person_id][:limit]

    def with_source(self, *sources: str) -> list[Step]:
        return [s for s in self.steps if set(s.sources) & set(sources)]

    def stage(self, step: Step) -> int:
        return stage_of(step.due, self.today)

    def staff_gaps(self) -> list[Step]:
        """One step per DX pattern where staff see a critical risk that management does not."""
        seen, gaps = set(), []
        for step in self.steps:
            if step.staff_gap and step.ref not in seen:
                seen.add(step.ref)
                gaps.append(step)
        return gaps

    def per_week(self) -> dict[tuple[int | None, date], int]:
        """How many steps each person has due in each week (by the week's Monday): capacity in numbers."""
        counts: dict[tuple[int | None, date], int] = {}
        for step in self.steps:
            monday = step.due - timedelta(days=step.due.weekday())
            counts[(step.assignee, monday)] = counts.get((step.assignee, monday), 0) + 1
        return counts
