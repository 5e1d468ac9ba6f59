"""Scores a set of answers against a question bank: per failure pattern, overall, and where to start.

Pure: takes a Catalog and a plain {question id: option id} mapping, returns frozen dataclasses.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from rashinban.assessments.catalog import AUDIENCES, Catalog, Option, Question, localized
from rashinban.i18n import translate as _

LEVELS = ("low", "medium", "high", "critical")
"""Risk levels, best first: a score of 75 or more is low risk, 50 medium, 25 high, below 25 critical."""
LEVEL_FLOORS = ((75, "low"), (50, "medium"), (25, "high"))
RECOMMENDATIONS = 3


def level_for(score: float) -> str:
    """The risk level of a 0–100 score (100 is best)."""
    for floor, level in LEVEL_FLOORS:
        if score >= floor:
            return level
    return "critical"


@dataclass(frozen=True)
class SectionScore:
    id: str
    score: int
    level: str
    answered: int
    """Questions answered with a real option (not "don't know", not left blank)."""
    total: int


@dataclass(frozen=True)
class ThreatScore:
    """How well the answers guard against one threat: 100 is fully guarded (exposure is 100 - score)."""

    id: str
    score: int
    level: str


@dataclass(frozen=True)
class StepScore:
    """The score of the questions of one security drill step (1–5)."""

    step: int
    score: int


@dataclass(frozen=True)
class Recommendation:
    section: str
    priority: int
    title: str
    lesson: str
    steps: list[dict[str, Any]]
    """[{"principle": 1..5, "text": localized step}]"""


@dataclass(frozen=True)
class Result:
    catalog: str
    version: int
    overall_score: int
    overall_level: str
    sections: list[SectionScore]
    recommendations: list[Recommendation]
    threats: list[ThreatScore] = field(default_factory=list)
    """Only for banks whose questions are tagged with threats (the security self-check)."""
    steps: list[StepScore] = field(default_factory=list)
    """Only for banks whose questions are tagged with drill steps."""
    critical_gaps: list[str] = field(default_factory=list)
    """Ids of the critical questions not fully done, in bank order: they keep the level above "low"."""

    def to_json(self) -> dict[str, Any]:
        """The shape `rashinban score --json` prints; tagged banks add "threats" and "steps"."""
        data = self._base_json()
        if self.threats:
            data["threats"] = [{"id": t.id, "score": t.score, "level": t.level} for t in self.threats]
        if self.steps:
            data["steps"] = [{"step": s.step, "score": s.score} for s in self.steps]
        if self.critical_gaps:
            data["critical_gaps"] = list(self.critical_gaps)
        return data

    def _base_json(self) -> dict[str, Any]:
        return {
            "catalog": self.catalog,
            "version": self.version,
            "overall": {"score": self.overall_score, "level": self.overall_level},
            "sections": [
                {"id": s.id, "score": s.score, "level": s.level, "answered": s.answered, "total": s.total}
                for s in self.sections
            ],
            "recommendations": [
                {
                    "section": r.section,
                    "priority": r.priority,
                    "title": r.title,
                    "lesson": r.lesson,
                    "steps": [step["text"] for step in r.steps],
                    "principles": [step["principle"] for step in r.steps],
                }
                for r in self.recommendations
            ],
        }


class UnknownAnswersError(ValueError):
    """Answers name questions or options the bank does not have."""

    def __init__(self, unknown_questions: list[str], unknown_options: list[tuple[str, str]]) -> None:
        self.unknown_questions = unknown_questions
        self.unknown_options = unknown_options
        parts = []
        if unknown_questions:
            parts.append(_("unknown question ids: %(ids)s") % {"ids": ", ".join(unknown_questions)})
        if unknown_options:
            pairs = ", ".join(f"{qid}: {oid}" for qid, oid in unknown_options)
            parts.append(_("unknown option ids: %(pairs)s") % {"pairs": pairs})
        super().__init__("; ".join(parts))


def validate_answers(catalog: Catalog, answers: Mapping[str, str | None]) -> None:
    """Raise UnknownAnswersError if an answer names a question or option the bank lacks."""
    unknown_questions: list[str] = []
    unknown_options: list[tuple[str, str]] = []
    for qid, oid in answers.items():
        question = catalog.question(qid)
        if question is None:
            unknown_questions.append(qid)
        elif oid and question.option(oid) is None:
            unknown_options.append((qid, oid))
    if unknown_questions or unknown_options:
        raise UnknownAnswersError(unknown_questions, unknown_options)


def score(catalog: Catalog, answers: Mapping[str, str | None], lang: str = "ja", audience: str | None = None) -> Result:
    """Score answers; blank or missing answers count as "don't know" (0 points).

    With `audience` only that audience's questions count, and a section without any is left out.
    """
    if audience is not None and audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, not {audience!r}")
    validate_answers(catalog, answers)
    sections: list[SectionScore] = []
    for section in catalog.sections:
        questions = [q for q in section.questions if audience is None or audience in q.audience]
        if not questions:
            continue
        answered = sum(1 for q in questions if (o := _chosen(q, answers)) is not None and not o.unknown)
        value = share_of_points(questions, answers)
        sections.append(SectionScore(section.id, value, level_for(value), answered, len(questions)))
    asked = [q for _s, q in catalog.questions_for(audience)]
    if catalog.scoring == "points":
        overall = share_of_points(asked, answers) if asked else 0
    else:
        overall = _round_half_up(Fraction(sum(s.score for s in sections), len(sections))) if sections else 0
    gaps = critical_gaps(catalog, answers, audience)
    return Result(
        catalog=catalog.id,
        version=catalog.version,
        overall_score=overall,
        overall_level=overall_level(overall, gaps),
        critical_gaps=gaps,
        sections=sections,
        recommendations=recommendations(catalog, {s.id: s.score for s in sections}, lang),
        threats=threat_scores(catalog, asked, answers),
        steps=step_scores(asked, answers),
    )


def critical_gaps(catalog: Catalog, answers: Mapping[str, str | None], audience: str | None = None) -> list[str]:
    """Ids of the critical questions (for `audience`) not fully done: partly, not done, don't know or blank."""
    return [q.id for _s, q in catalog.questions_for(audience) if q.critical and points_for(q, answers) < q.max_points]


def overall_level(overall: float, gaps: list[str]) -> str:
    """The level of an overall score, never "low" while a critical question is not done."""
    level = level_for(overall)
    return "medium" if gaps and level == "low" else level


def _chosen(question: Question, answers: Mapping[str, str | None]) -> Option | None:
    oid = answers.get(question.id)
    return question.option(oid) if oid else None


def points_for(question: Question, answers: Mapping[str, str | None]) -> int:
    """Points of the chosen option; a blank answer counts as "don't know"."""
    chosen = _chosen(question, answers)
    if chosen is None:
        chosen = next((o for o in question.options if o.unknown), None)
    return chosen.points if chosen is not None else 0


def share_of_points(questions: list[Question], answers: Mapping[str, str | None]) -> int:
    """100 × points earned / points possible, rounded half up, kept within 0–100 ("don't know" may be negative)."""
    earned = sum(points_for(q, answers) for q in questions)
    possible = sum(q.max_points for q in questions)
    return min(100, max(0, _round_half_up(Fraction(100 * earned, possible))))


def threat_scores(catalog: Catalog, questions: list[Question], answers: Mapping[str, str | None]) -> list[ThreatScore]:
    """Per threat of the bank (in bank order), the share of points of the questions tagged with it."""
    scores = []
    for threat in catalog.threats:
        tagged = [q for q in questions if threat.id in q.threats]
        if tagged:
            value = share_of_points(tagged, answers)
            scores.append(ThreatScore(threat.id, value, level_for(value)))
    return scores


def step_scores(questions: list[Question], answers: Mapping[str, str | None]) -> list[StepScore]:
    """Per security drill step (1–5) that has questions, the share of points of its questions."""
    steps = sorted({q.drill_step for q in questions if q.drill_step is not None})
    return [StepScore(step, share_of_points([q for q in questions if q.drill_step == step], answers)) for step in steps]


def recommendations(catalog: Catalog, section_scores: Mapping[str, int], lang: str = "ja") -> list[Recommendation]:
    """Where to start, from section scores already computed (e.g. cached): the weakest sections first.

    Ties keep the order of `section_scores` (sorted() is stable); `score` passes them in bank order.
    """
    by_id = {s.id: s for s in catalog.sections}
    weakest = sorted(section_scores.items(), key=lambda pair: pair[1])[:RECOMMENDATIONS]
    return [
        Recommendation(
            section=section_id,
            priority=priority,
            title=localized(by_id[section_id].title, lang),
            lesson=localized(by_id[section_id].lesson, lang),
            steps=[
                {"principle": step.principle, "text": localized(step.text, lang)} for step in by_id[section_id].steps
            ],
        )
        for priority, (section_id, _score) in enumerate(weakest, start=1)
    ]


def _round_half_up(value: Fraction) -> int:
    # Exact fractions, so 62.5 is always 63 and never 62.4999… (and never banker's rounding).
    return math.floor(value + Fraction(1, 2))
