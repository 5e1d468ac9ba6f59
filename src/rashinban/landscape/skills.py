"""The team heat map of the skills self-assessment: average level per department and skill area (plain Python)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    average: float | None  # 0..4, None when nobody in the department answered
    level: int | None  # the average rounded down to a whole step, for the colour class


@dataclass(frozen=True)
class HeatRow:
    department: str
    people: int
    cells: tuple[Cell, ...]


def _cell(values: list[int]) -> Cell:
    if not values:
        return Cell(None, None)
    average = round(sum(values) / len(values), 1)
    return Cell(average, int(average))


def heat_map(answers: Sequence[tuple[str, dict[str, int]]], areas: Sequence[str]) -> list[HeatRow]:
    """One row per department (alphabetical), from (department, {area: 0..4}) per person."""
    by_department: dict[str, list[dict[str, int]]] = {}
    for department, scores in answers:
        by_department.setdefault(department, []).append(scores)
    return [
        HeatRow(department, len(people), tuple(_cell([p[a] for p in people if a in p]) for a in areas))
        for department, people in sorted(by_department.items())
    ]


def weakest_areas(rows: Sequence[HeatRow], areas: Sequence[str], below: float = 2.0) -> list[tuple[str, str]]:
    """(department, area) pairs whose average is under `below`: where training helps first, weakest first."""
    found = [
        (cell.average, row.department, area)
        for row in rows
        for cell, area in zip(row.cells, areas, strict=True)
        if cell.average is not None and cell.average < below
    ]
    return [(department, area) for _avg, department, area in sorted(found)]
