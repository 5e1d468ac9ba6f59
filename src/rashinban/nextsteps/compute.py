"""From a company's plain data to its plan (pure): the candidates of every source, ranked, dated, assigned."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from rashinban.nextsteps.model import Person, State
from rashinban.nextsteps.plan import Plan
from rashinban.nextsteps.rank import rank
from rashinban.nextsteps.sources import CompanyData, candidates


def compute_plan(
    data: CompanyData,
    states: Mapping[str, State],
    people: Sequence[Person],
    today: date,
    steps_per_week: int = 2,
    language: str = "ja",
) -> Plan:
    steps = rank(candidates(data, today), states, people, today, steps_per_week)
    return Plan(today, steps, {p.id: p for p in people}, steps_per_week, language)
