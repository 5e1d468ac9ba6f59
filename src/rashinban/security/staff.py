"""The staff survey's view of the self-check: which everyday practices are weakest across the staff. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from rashinban.assessments.catalog import Catalog, localized
from rashinban.assessments.scoring import points_for

WEAKEST = 3


@dataclass(frozen=True)
class StaffPractice:
    question: str
    text: str
    score: int
    """Mean share of full points across the staff answers, 0–100 (a "don't know" counts below "not done")."""


def practice_scores(catalog: Catalog, responses: list[Mapping[str, str]], lang: str) -> list[StaffPractice]:
    """Every staff question's mean score across `responses`, in bank order."""
    practices = []
    for _section, question in catalog.questions_for("staff"):
        if not responses:
            break
        total = sum(Fraction(points_for(question, answers), question.max_points) for answers in responses)
        value = max(0, round(100 * total / len(responses)))
        practices.append(StaffPractice(question.id, localized(question.text, lang), value))
    return practices


def weakest_practices(
    catalog: Catalog, responses: list[Mapping[str, str]], lang: str, n: int = WEAKEST
) -> list[StaffPractice]:
    """The n practices with the lowest mean score (ties in bank order)."""
    return sorted(practice_scores(catalog, responses, lang), key=lambda p: p.score)[:n]
