"""Answer maps for the security self-check, for tests."""

from __future__ import annotations

from rashinban.assessments.catalog import get_catalog

SELFCHECK = get_catalog("security-selfcheck")
QUESTION_IDS = [q.id for _s, q in SELFCHECK.all_questions()]


def all_answered(option: str, audience: str | None = None, **overrides: str) -> dict[str, str]:
    answers = {q.id: option for _s, q in SELFCHECK.questions_for(audience)}
    answers.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return answers
