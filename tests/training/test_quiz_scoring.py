"""Quiz scoring: hand-computed cases and properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rashinban.training.bank import builtin_bank
from rashinban.training.quiz import QuizResult, score_quiz

LESSON = builtin_bank().get("targeted-mail")


def test_all_right():
    result = score_quiz(LESSON, {"q1": "b", "q2": "b"})
    assert (result.correct, result.total, result.percent, result.passed) == (2, 2, 100, True)


def test_one_wrong_one_blank():
    result = score_quiz(LESSON, {"q1": "a"})
    assert (result.correct, result.percent, result.wrong) == (0, 0, ("q1", "q2"))


def test_half_right_does_not_pass():
    result = score_quiz(LESSON, {"q1": "b", "q2": "a"})
    assert (result.percent, result.passed, result.wrong) == (50, False, ("q2",))


def test_percent_rounds_half_up():
    assert QuizResult(2, 3, ()).percent == 67
    assert QuizResult(1, 3, ()).percent == 33
    assert QuizResult(1, 8, ()).percent == 13  # 12.5 -> 13


@given(st.dictionaries(st.sampled_from(["q1", "q2", "zz"]), st.sampled_from(["a", "b", "c"])))
def test_score_is_bounded_and_counts_wrong_ones(answers):
    result = score_quiz(LESSON, answers)
    assert 0 <= result.correct <= result.total == 2
    assert result.correct + len(result.wrong) == result.total
    assert 0 <= result.percent <= 100
