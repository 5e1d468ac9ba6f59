"""Completion, scores and overdue people per department: pure, on plain rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Row:
    """One assignment as the progress table needs it."""

    person: str
    department: str  # "" when the person's department is not recorded
    lesson_id: str
    due_date: date | None
    completed: bool
    score: int | None


@dataclass
class DepartmentProgress:
    department: str
    assigned: int = 0
    completed: int = 0
    scores: list[int] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)  # "person (lesson)"

    @property
    def completion_percent(self) -> int:
        return round(100 * self.completed / self.assigned) if self.assigned else 0

    @property
    def average_score(self) -> int | None:
        return round(sum(self.scores) / len(self.scores)) if self.scores else None


def is_overdue(row: Row, today: date) -> bool:
    return not row.completed and row.due_date is not None and row.due_date < today


def by_department(rows: Iterable[Row], today: date) -> list[DepartmentProgress]:
    """One line per department (those without a department last), in name order."""
    table: dict[str, DepartmentProgress] = defaultdict(lambda: DepartmentProgress(""))
    for row in rows:
        line = table[row.department]
        line.department = row.department
        line.assigned += 1
        if row.completed:
            line.completed += 1
            if row.score is not None:
                line.scores.append(row.score)
        elif is_overdue(row, today):
            line.overdue.append(f"{row.person} ({row.lesson_id})")
    return sorted(table.values(), key=lambda p: (p.department == "", p.department))
