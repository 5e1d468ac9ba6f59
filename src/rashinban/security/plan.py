"""Which action-plan items a set of answers calls for, and how urgent each is. Pure: no Django models.

Risk of an item = how far the answer is from done × how exposed the company is to the threats the
question guards against. "How far from done" is (full points - points) / full points, so "don't know"
(negative points) weighs more than "not done"; exposure to a threat is 100 - its self-check score, in
hundredths, summed over the question's threats. A question that guards against two wide-open threats
and is not done has risk 200; the same question half done, 100.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from rashinban.assessments.catalog import Catalog, Id, Question, Text, localized, parse_yaml
from rashinban.assessments.scoring import points_for, score

SELFCHECK = "security-selfcheck"
DX = "dx-seven-sins"
DX_RISK_SECTION = "p7-risk"
# Risk at or above which an item is high / medium priority; below, low.
PRIORITY_FLOORS = ((100, "high"), (40, "medium"))
# Default time to the due date, by priority (the issue: high 2 weeks, medium 1 month, low 3 months).
DUE_AFTER = {"high": timedelta(days=14), "medium": timedelta(days=30), "low": timedelta(days=91)}


@dataclass(frozen=True)
class PlannedItem:
    source_catalog: str
    source_question: str
    step: int
    threats: list[str]
    risk: int
    priority: str
    action: Text = field(default_factory=dict)
    """The bank's instruction in both languages."""

    def instruction(self, lang: str) -> str:
        return localized(self.action, lang)


class _DxLink(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Id
    same_as: Id | None = None
    drill_step: int | None = Field(default=None, ge=1, le=5)
    threats: list[Id] = Field(default_factory=list)
    action: Text | None = None


@cache
def dx_links() -> dict[str, _DxLink]:
    """Pattern 7 questions of the DX diagnosis, by id (from dx_risk.yaml, checked on load)."""
    data, _lines = parse_yaml((Path(__file__).with_name("dx_risk.yaml")).read_text(encoding="utf-8"))
    links = [_DxLink.model_validate(entry) for entry in data["questions"]]
    for link in links:
        if link.same_as is None and (link.drill_step is None or not link.threats or not link.action):
            raise ValueError(f"dx_risk.yaml: {link.id} needs same_as, or drill_step, threats and action")
    return {link.id: link for link in links}


def step_id_of(source_catalog: str, source_question: str) -> str:
    """The id of an action item's step in the one ranking (rashinban.nextsteps.sources): `security:<question>` for
    a self-check question, and for a DX pattern-7 question its self-check twin's, else `dx-risk:<question>`."""
    if source_catalog == SELFCHECK:
        return f"security:{source_question}"
    link = dx_links().get(source_question)
    return f"security:{link.same_as}" if link is not None and link.same_as else f"dx-risk:{source_question}"


def priority_for(risk: int) -> str:
    for floor, priority in PRIORITY_FLOORS:
        if risk >= floor:
            return priority
    return "low"


def default_due(priority: str, today: date) -> date:
    return today + DUE_AFTER[priority]


def distance_from_done(question: Question, answers: Mapping[str, str | None]) -> Fraction:
    """0 when the answer earns full points, 1 for "not done", more than 1 for "don't know" or blank."""
    full = question.max_points
    return Fraction(full - points_for(question, answers), full)


def risk_of(question_threats: list[str], distance: Fraction, exposure: Mapping[str, int]) -> int:
    """Distance × summed exposure (0–100 per threat; a threat with no score counts as fully exposed)."""
    exposed = sum(Fraction(exposure.get(t, 100), 100) for t in question_threats)
    return round(100 * distance * exposed)


def selfcheck_items(catalog: Catalog, answers: Mapping[str, str | None]) -> list[PlannedItem]:
    """One item per self-check question whose answer falls short of full points."""
    exposure = {t.id: 100 - t.score for t in score(catalog, answers, audience="management").threats}
    items = []
    for _section, question in catalog.all_questions():
        distance = distance_from_done(question, answers)
        if distance <= 0:
            continue
        risk = risk_of(question.threats, distance, exposure)
        items.append(
            PlannedItem(
                catalog.id,
                question.id,
                question.drill_step or 1,
                list(question.threats),
                risk,
                priority_for(risk),
                dict(question.action or {}),
            )
        )
    return items


def dx_items(
    dx_catalog: Catalog,
    dx_answers: Mapping[str, str | None],
    selfcheck: Catalog,
    has_selfcheck: bool,
    exposure: Mapping[str, int],
) -> list[PlannedItem]:
    """Items from weak answers of DX pattern 7; a question with a self-check twin only counts while no self-check exists."""
    section = next((s for s in dx_catalog.sections if s.id == DX_RISK_SECTION), None)
    if section is None:
        return []
    items = []
    for question in section.questions:
        link = dx_links().get(question.id)
        distance = distance_from_done(question, dx_answers)
        if link is None or distance <= 0 or (link.same_as and has_selfcheck):
            continue
        twin = selfcheck.question(link.same_as) if link.same_as else None
        step = twin.drill_step if twin else link.drill_step
        threats = list(twin.threats if twin else link.threats)
        action = (twin.action if twin else link.action) or {}
        risk = risk_of(threats, distance, exposure)
        items.append(
            PlannedItem(dx_catalog.id, question.id, step or 1, threats, risk, priority_for(risk), dict(action))
        )
    return items


def build_plan(
    selfcheck: Catalog,
    selfcheck_answers: Mapping[str, str | None] | None,
    dx_catalog: Catalog | None = None,
    dx_answers: Mapping[str, str | None] | None = None,
) -> list[PlannedItem]:
    """Every item the latest answers call for, riskiest first (ties in bank order)."""
    items: list[PlannedItem] = []
    exposure: dict[str, int] = {}
    if selfcheck_answers is not None:
        items += selfcheck_items(selfcheck, selfcheck_answers)
        exposure = {t.id: 100 - t.score for t in score(selfcheck, selfcheck_answers, audience="management").threats}
    if dx_catalog is not None and dx_answers is not None:
        items += dx_items(dx_catalog, dx_answers, selfcheck, selfcheck_answers is not None, exposure)
    return sorted(items, key=lambda item: -item.risk)


def source_question(source_catalog: str, qid: str) -> Question | None:
    """The question an item came from (self-check or DX pattern 7), or None for an unknown id."""
    from rashinban.assessments.catalog import get_catalog

    try:
        return get_catalog(source_catalog).question(qid)
    except KeyError:
        return None


def bank_action(source_catalog: str, qid: str) -> Text:
    """The bank's instruction for an item in both languages ({} if none)."""
    if source_catalog == DX:
        link = dx_links().get(qid)
        if link is None:
            return {}
        if link.same_as:
            return bank_action(SELFCHECK, link.same_as)
        return dict(link.action or {})
    question = source_question(source_catalog, qid)
    return dict(question.action or {}) if question else {}
