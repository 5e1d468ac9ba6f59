"""The one ranking of next steps (pure): merge the candidates, drop what is done, order, date and assign.

Order: risk × boost × effort factor, highest first; ties by id, so the order never depends on input order.
The effort factor (1 for a small step down to 1/2 for a large one) puts a quick fix of the same risk first.
A DX pattern's later steps never come before its earlier ones. Dates and people: `schedule.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from fractions import Fraction

from rashinban.nextsteps import texts
from rashinban.nextsteps.model import (
    DONE,
    FIXED,
    MOVED,
    PLANNED,
    PROPOSED,
    SOURCES,
    TODO,
    Candidate,
    Person,
    State,
    Step,
)
from rashinban.nextsteps.schedule import Slot, schedule

# Below this risk a step is nearly done: it is left off the list (the next self-check shows it again if not).
MIN_RISK = 25
EFFORT_FACTOR = {1: Fraction(1), 2: Fraction(17, 20), 3: Fraction(7, 10), 4: Fraction(3, 5), 5: Fraction(1, 2)}


def merge(candidates: Sequence[Candidate]) -> dict[str, Candidate]:
    """One candidate per id: sources and reasons of all, the rest from the first source in `SOURCES` order.

    Supporting candidates (a source that agrees but does not call for the step by itself) only add to a step
    another source calls for.
    """
    by_id: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_id.setdefault(candidate.id, []).append(candidate)
    merged = {}
    for step_id, group in by_id.items():
        callers = sorted((c for c in group if not c.supporting), key=lambda c: SOURCES.index(c.sources[0]))
        if not callers:
            continue
        primary = callers[0]
        ordered = callers + [c for c in group if c.supporting]
        sources = {source for c in ordered for source in c.sources}
        reasons = []
        for candidate in ordered:
            reasons += [r for r in candidate.reasons if r not in reasons]
        fixed = [c.fixed_due for c in callers if c.fixed_due is not None]
        called = [c.called_for_at for c in callers if c.called_for_at is not None]
        merged[step_id] = replace(
            primary,
            sources=tuple(s for s in SOURCES if s in sources),
            risk=max(c.risk for c in callers),
            boost=max(c.boost for c in callers),
            reasons=tuple(reasons),
            fixed_due=min(fixed) if fixed else None,
            called_for_at=max(called) if called else None,
            staff_gap=any(c.staff_gap for c in callers),
        )
    return merged


def _first_of_chains(steps: dict[str, Candidate]) -> dict[str, Candidate]:
    """Of each DX pattern's open steps, only the first n (in the bank's order) stay on the list."""
    kept: dict[str, int] = {}
    result = {}
    for step_id in sorted(steps, key=lambda s: (steps[s].chain or ("", 0), _index(s))):
        step = steps[step_id]
        if step.chain is not None:
            pattern, limit = step.chain
            if kept.get(pattern, 0) >= limit:
                continue
            kept[pattern] = kept.get(pattern, 0) + 1
        result[step_id] = step
    return result


def _index(step_id: str) -> int:
    tail = step_id.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _weights(steps: Mapping[str, Candidate]) -> dict[str, Fraction]:
    """Weight in the order; a step never weighs more than the step it comes after (if that one is open)."""
    weights: dict[str, Fraction] = {}

    def weight(step_id: str) -> Fraction:
        if step_id not in weights:
            step = steps[step_id]
            own = step.risk * step.boost * EFFORT_FACTOR[step.effort]
            weights[step_id] = min(own, weight(step.after)) if step.after in steps else own
        return weights[step_id]

    for step_id in steps:
        weight(step_id)
    return weights


def rank(
    candidates: Sequence[Candidate],
    states: Mapping[str, State],
    people: Sequence[Person],
    today: date,
    steps_per_week: int = 2,
) -> list[Step]:
    """Every open step, most important first, each with its due date and the person to do it."""
    steps = merge(candidates)
    reopened = set()
    for step_id, step in list(steps.items()):
        state = states.get(step_id)
        if state is None or state.status != DONE:
            continue
        if step.called_for_at and state.done_at and step.called_for_at > state.done_at:
            reopened.add(step_id)
            reason = texts.both(texts.REOPENED, date=state.done_at.date())
            steps[step_id] = replace(step, reasons=(reason, *step.reasons))
        else:
            del steps[step_id]
    steps = {k: v for k, v in _first_of_chains(steps).items() if v.risk * v.boost >= MIN_RISK}
    weights = _weights(steps)
    order = sorted(steps, key=lambda step_id: (-weights[step_id], step_id))
    active = {p.id for p in people}
    slots = []
    for step_id in order:
        step, state = steps[step_id], states.get(step_id, State())
        due = step.fixed_due if step.fixed_due and not state.due_moved else state.due
        if step_id in reopened and not state.due_moved:
            due = None  # the old plan's date passed with the step marked done: plan it anew
        # The plan's own choice of person holds only with the date it was stored with.
        kept = state.assignee_chosen or (due is not None and not state.due_moved)
        assignee = state.assignee if state.assignee in active and kept else None
        slots.append(Slot(step_id, step.effort, step.roles, due, assignee, step.after))
    placed = schedule(slots, [(p.id, p.role) for p in people], today, steps_per_week)
    ranked = []
    for position, step_id in enumerate(order, start=1):
        step, state, where = steps[step_id], states.get(step_id, State()), placed[step_id]
        ranked.append(
            Step(
                rank=position,
                id=step_id,
                title=step.title,
                sources=step.sources,
                risk=min(100, round(step.risk * step.boost)),
                effort=step.effort,
                roles=step.roles,
                assignee=where.assignee,
                assignee_role=where.role,
                due=where.due,
                due_kind=_due_kind(step, state, step_id in reopened),
                reasons=step.reasons,
                status=TODO if step_id in reopened else state.status,
                area=step.area,
                detail=step.detail,
                staff_gap=step.staff_gap,
                ref=step.ref,
                reopened=step_id in reopened,
            )
        )
    return ranked


def _due_kind(step: Candidate, state: State, reopened: bool) -> str:
    if state.due_moved:
        return MOVED
    if step.fixed_due:
        return FIXED
    if state.due and not reopened:
        return PLANNED
    return PROPOSED
