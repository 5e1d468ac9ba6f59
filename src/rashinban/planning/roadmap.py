"""Ranking and phasing of roadmap candidates (pure).

Each candidate has an expected risk reduction (0–100) and an effort (1 small … 5 large). The rule (also in
docs/planning.md): rank by risk reduction per unit of effort (ties: more reduction first, then key), then fill
the phases in rank order: 0–3 months takes candidates of effort 1–2 until it holds 6 effort points,
3–12 months takes candidates of effort up to 4 until it holds 15 points, everything else goes to 12–36 months.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PHASE_MONTHS = {1: (0, 3), 2: (3, 12), 3: (12, 36)}
QUICK_CAPACITY, QUICK_MAX_EFFORT = 6, 2
MID_CAPACITY, MID_MAX_EFFORT = 15, 4


@dataclass(frozen=True)
class Candidate:
    key: str
    source: str  # diagnosis | security
    title: str
    detail: str
    risk_reduction: int  # 0..100
    effort: int  # 1..5
    due_months: int | None = None  # a due date the source already set, in months from now


@dataclass(frozen=True)
class Placed:
    candidate: Candidate
    rank: int
    phase: int


def value(candidate: Candidate) -> float:
    return candidate.risk_reduction / max(1, candidate.effort)


def rank_and_phase(candidates: Sequence[Candidate]) -> list[Placed]:
    ranked = sorted(candidates, key=lambda c: (-value(c), -c.risk_reduction, c.key))
    placed: list[Placed] = []
    quick = mid = 0
    for rank, candidate in enumerate(ranked, start=1):
        if (
            candidate.due_months is not None
            and candidate.due_months <= 3
            or (candidate.effort <= QUICK_MAX_EFFORT and quick + candidate.effort <= QUICK_CAPACITY)
        ):
            phase = 1
            quick += candidate.effort
        elif candidate.effort <= MID_MAX_EFFORT and mid + candidate.effort <= MID_CAPACITY:
            phase = 2
            mid += candidate.effort
        else:
            phase = 3
        placed.append(Placed(candidate, rank, phase))
    return placed
