"""Quiz scoring (小テスト): pure, on plain answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rashinban.training.bank import Lesson

PASS_PERCENT = 80


@dataclass(frozen=True)
class QuizResult:
    correct: int
    total: int
    wrong: tuple[str, ...]  # ids of the questions answered wrongly or not at all

    @property
    def percent(self) -> int:
        """Whole percent, rounded half up (2 of 3 -> 67)."""
        return (self.correct * 200 + self.total) // (2 * self.total) if self.total else 0

    @property
    def passed(self) -> bool:
        return self.percent >= PASS_PERCENT


def score_quiz(lesson: Lesson, answers: Mapping[str, str]) -> QuizResult:
    """Count the questions whose chosen option is the correct one; unknown question ids are ignored."""
    wrong = tuple(q.id for q in lesson.quiz if answers.get(q.id) != q.correct_option)
    return QuizResult(correct=len(lesson.quiz) - len(wrong), total=len(lesson.quiz), wrong=wrong)
