"""Scoring answers: arithmetic, levels, recommendations, and that a better answer never scores lower."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashinban.assessments.catalog import Catalog, get_catalog, load_catalog_text
from rashinban.assessments.scoring import LEVELS, UnknownAnswersError, level_for, score, validate_answers

UNKNOWN = '{id: unknown, points: 0, unknown: true, label: {ja: わからない, en: "Don\'t know"}}'
STEPS = """\
    steps:
      - {principle: 2, text: {ja: 手順%(n)sa, en: Step %(n)sa}}
      - {principle: 4, text: {ja: 手順%(n)sb, en: Step %(n)sb}}
"""


def _section(n: int, audience: str, points: tuple[int, int]) -> str:
    """Section s{n}: question q{n}a (both audiences) and q{n}b (`audience` only), options hi/lo/zero."""
    questions = ""
    for suffix, who in (("a", "[management, staff]"), ("b", f"[{audience}]")):
        questions += f"""\
      - id: q{n}{suffix}
        audience: {who}
        text: {{ja: 設問{n}{suffix}, en: Question {n}{suffix}}}
        options:
          - {{id: hi, points: {points[0]}, label: {{ja: 高, en: High}}}}
          - {{id: lo, points: {points[1]}, label: {{ja: 低, en: Low}}}}
          - {{id: zero, points: 0, label: {{ja: 無, en: None}}}}
          - {UNKNOWN}
"""
    head = f"  - id: s{n}\n    title: {{ja: 区分{n}, en: Part {n}}}\n"
    return head + f"    lesson: {{ja: 教訓{n}, en: Lesson {n}}}\n" + STEPS % {"n": n} + "    questions:\n" + questions


def bank(*sections: tuple[str, tuple[int, int]]) -> Catalog:
    body = "".join(_section(n, who, pts) for n, (who, pts) in enumerate(sections, start=1))
    text = "id: t\nversion: 3\ntitle: {ja: 試験, en: Test}\ndescription: {ja: 説明, en: About}\nsections:\n" + body
    return load_catalog_text(text, "t.yaml")


# Four sections: questions worth 4 (hi 4, lo 1) except s4 (hi 2, lo 1); s2's second question is staff-only.
FOUR = bank(("management", (4, 1)), ("staff", (4, 1)), ("management", (4, 1)), ("management", (2, 1)))
REAL = get_catalog("dx-seven-sins")


def best_answers(catalog: Catalog) -> dict[str, str]:
    return {q.id: max(q.options, key=lambda o: o.points).id for _s, q in catalog.all_questions()}


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (100, "low"),
        (75, "low"),
        (74.9, "medium"),
        (50, "medium"),
        (49.9, "high"),
        (25, "high"),
        (24.9, "critical"),
        (0, "critical"),
    ],
)
def test_level_boundaries(value: float, level: str) -> None:
    assert level_for(value) == level
    assert level in LEVELS


def test_all_best_answers_score_100_and_low_risk() -> None:
    result = score(REAL, best_answers(REAL))
    assert result.overall_score == 100 and result.overall_level == "low"
    assert all(s.score == 100 and s.level == "low" and s.answered == s.total for s in result.sections)


def test_all_dont_know_scores_0_and_critical_with_nothing_answered() -> None:
    answers = {q.id: "unknown" for _s, q in REAL.all_questions()}
    result = score(REAL, answers)
    assert result.overall_score == 0 and result.overall_level == "critical"
    assert all(s.score == 0 and s.answered == 0 for s in result.sections)
    assert [s.total for s in result.sections] == [len(s.questions) for s in REAL.sections]


def test_empty_answers_score_0() -> None:
    result = score(REAL, {})
    assert result.overall_score == 0 and {s.score for s in result.sections} == {0}


def test_section_score_is_share_of_points_rounded_half_up() -> None:
    # s1: 4 + 1 of 8 = 62.5 -> 63 (Python's round() would give 62). s2: 1 of 8 = 12.5 -> 13.
    result = score(FOUR, {"q1a": "hi", "q1b": "lo", "q2a": "lo", "q2b": "zero"})
    by_id = {s.id: s for s in result.sections}
    assert by_id["s1"].score == 63 and by_id["s1"].level == "medium"
    assert by_id["s2"].score == 13 and by_id["s2"].answered == 2
    # Mean of 63, 13, 0, 0 = 19 exactly.
    assert result.overall_score == 19 and result.overall_level == "critical"


def test_overall_mean_is_rounded_half_up() -> None:
    # s1: 4 of 8 = 50, the rest 0: mean 12.5 -> 13 (round() would give 12).
    result = score(FOUR, {"q1a": "hi"})
    assert [s.score for s in result.sections] == [50, 0, 0, 0]
    assert result.overall_score == 13
    # s4 (questions worth 2): 2 + 1 of 4 = 75; mean of 50, 0, 0, 75 = 31.25 -> 31.
    assert score(FOUR, {"q1a": "hi", "q4a": "hi", "q4b": "lo"}).overall_score == 31


def test_dont_know_and_blank_answers_count_as_zero_and_not_answered() -> None:
    result = score(FOUR, {"q1a": "unknown", "q1b": None, "q3a": "", "q3b": "zero"})  # type: ignore[dict-item]
    by_id = {s.id: s for s in result.sections}
    assert by_id["s1"].score == 0 and by_id["s1"].answered == 0
    assert by_id["s3"].answered == 1  # "zero" is a real answer worth nothing


def test_staff_audience_scores_only_staff_questions_and_drops_empty_sections() -> None:
    staff_only = bank(("management", (4, 1)), ("staff", (4, 1)))
    # In s1 staff only see q1a; in s2 both. Management-only answers are ignored for staff.
    result = score(staff_only, {"q1a": "hi", "q1b": "zero", "q2a": "hi", "q2b": "lo"}, audience="staff")
    assert [(s.id, s.score, s.total) for s in result.sections] == [("s1", 100, 1), ("s2", 63, 2)]
    management = score(staff_only, {"q2b": "hi"}, audience="management")
    assert [(s.id, s.total) for s in management.sections] == [("s1", 2), ("s2", 1)]
    assert management.sections[1].score == 0  # q2b is staff-only, so it does not count here


def test_section_with_no_question_for_the_audience_is_left_out() -> None:
    header = "id: m\nversion: 1\ntitle: {ja: 経営, en: Mgmt}\ndescription: {ja: 説明, en: About}\nsections:\n"
    body = _section(1, "management", (3, 1)).replace("[management, staff]", "[management]")
    catalog = load_catalog_text(header + body, "m.yaml")
    result = score(catalog, {}, audience="staff")
    assert result.sections == [] and result.recommendations == [] and result.overall_score == 0


def test_unknown_audience_is_refused() -> None:
    with pytest.raises(ValueError):
        score(FOUR, {}, audience="board")


def test_three_weakest_sections_become_recommendations_ties_in_bank_order() -> None:
    # s1 = 100, s2 = 0, s3 = 0, s4 = 50: weakest s2, s3 (tie, bank order), then s4.
    answers = {"q1a": "hi", "q1b": "hi", "q4a": "hi", "q4b": "zero"}
    result = score(FOUR, answers, lang="en")
    assert [(r.section, r.priority) for r in result.recommendations] == [("s2", 1), ("s3", 2), ("s4", 3)]
    first = result.recommendations[0]
    assert first.title == "Part 2" and first.lesson == "Lesson 2"
    assert first.steps == [{"principle": 2, "text": "Step 2a"}, {"principle": 4, "text": "Step 2b"}]
    japanese = score(FOUR, answers, lang="ja").recommendations[0]
    assert japanese.title == "区分2" and japanese.steps[0]["text"] == "手順2a"


def test_fewer_sections_than_three_give_fewer_recommendations() -> None:
    two = bank(("management", (4, 1)), ("management", (4, 1)))
    assert [r.priority for r in score(two, {}).recommendations] == [1, 2]


def test_unknown_question_and_option_ids_are_reported_together() -> None:
    with pytest.raises(UnknownAnswersError) as caught:
        score(FOUR, {"q1a": "hi", "q9z": "hi", "q2a": "maybe", "q3a": "yes"})
    assert caught.value.unknown_questions == ["q9z"]
    assert caught.value.unknown_options == [("q2a", "maybe"), ("q3a", "yes")]
    assert "q9z" in str(caught.value) and "q2a: maybe" in str(caught.value)


def test_validate_answers_accepts_known_ids_and_blanks() -> None:
    validate_answers(FOUR, {"q1a": "hi", "q1b": None, "q2a": ""})  # type: ignore[dict-item]


def test_to_json_has_the_cli_shape() -> None:
    data = score(FOUR, {"q1a": "hi"}, lang="en").to_json()
    assert set(data) == {"catalog", "version", "overall", "sections", "recommendations"}
    assert data["catalog"] == "t" and data["version"] == 3
    assert data["overall"] == {"score": 13, "level": "critical"}
    assert data["sections"][0] == {"id": "s1", "score": 50, "level": "medium", "answered": 1, "total": 2}
    rec = data["recommendations"][0]
    assert {"section", "priority", "title", "steps"} <= set(rec)
    assert rec["section"] == "s2" and rec["steps"] == ["Step 2a", "Step 2b"]


# ---------------------------------------------------------------- properties on the real bank

QUESTIONS = [q for _s, q in REAL.all_questions()]
answer_maps = st.fixed_dictionaries({}, optional={q.id: st.sampled_from([o.id for o in q.options]) for q in QUESTIONS})


@settings(max_examples=200, deadline=None)
@given(
    answers=answer_maps,
    index=st.integers(0, len(QUESTIONS) - 1),
    pair=st.tuples(st.integers(0, 10), st.integers(0, 10)),
    audience=st.sampled_from([None, "management", "staff"]),
)
def test_a_better_answer_never_lowers_any_score(
    answers: dict[str, str], index: int, pair: tuple[int, int], audience: str | None
) -> None:
    question = QUESTIONS[index]
    first, second = (question.options[i % len(question.options)] for i in pair)
    worse, better = sorted([first, second], key=lambda o: o.points)
    before = score(REAL, {**answers, question.id: worse.id}, audience=audience)
    after = score(REAL, {**answers, question.id: better.id}, audience=audience)
    assert after.overall_score >= before.overall_score
    for old, new in zip(before.sections, after.sections, strict=True):
        assert old.id == new.id and new.score >= old.score


@settings(max_examples=100, deadline=None)
@given(answers=answer_maps, audience=st.sampled_from([None, "staff"]))
def test_scores_stay_in_range_and_levels_match(answers: dict[str, str], audience: str | None) -> None:
    result = score(REAL, answers, audience=audience)
    assert 0 <= result.overall_score <= 100 and result.overall_level == level_for(result.overall_score)
    assert len(result.sections) == 7 and len(result.recommendations) == 3
    for section in result.sections:
        assert 0 <= section.score <= 100 and section.level == level_for(section.score)
        assert 0 <= section.answered <= section.total
    weakest = sorted(s.score for s in result.sections)[:3]
    assert [next(s.score for s in result.sections if s.id == r.section) for r in result.recommendations] == weakest
