"""Loading question banks: the shipped bank's content, and every rule a broken bank must trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashinban.assessments.catalog import (
    CATALOG_DIR,
    CatalogError,
    builtin_catalogs,
    get_catalog,
    load_catalog_file,
    load_catalog_text,
    localized,
)

SECTION_IDS = ["p1-strategy", "p2-spectator", "p3-change", "p4-skills", "p5-roi", "p6-silos", "p7-risk"]
BANK_FILE = CATALOG_DIR / "dx-seven-sins.yaml"

MINI = """\
id: mini
version: 1
title: {ja: ミニ, en: Mini}
description: {ja: 説明, en: Description}
sections:
  - id: s1
    title: {ja: 一, en: One}
    lesson: {ja: 教訓, en: Lesson}
    steps:
      - {principle: 1, text: {ja: 手順1, en: Step 1}}
      - {principle: 5, text: {ja: 手順2, en: Step 2}}
    questions:
      - id: q1
        text: {ja: 質問1, en: Question 1}
        options:
          - {id: yes, points: 2, label: {ja: はい, en: "Yes"}}
          - {id: no, points: 0, label: {ja: いいえ, en: "No"}}
          - {id: unknown, points: 0, unknown: true, label: {ja: わからない, en: "Don't know"}}
      - id: q2
        audience: [management]
        text: {ja: 質問2, en: Question 2}
        options:
          - {id: a, points: 3, label: {ja: エー, en: A}}
          - {id: b, points: 1, label: {ja: ビー, en: B}}
          - {id: unknown, points: 0, unknown: true, label: {ja: わからない, en: "Don't know"}}
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `needle` (computed from the text, not the loader)."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def load_error(text: str) -> CatalogError:
    with pytest.raises(CatalogError) as caught:
        load_catalog_text(text, "bank.yaml")
    return caught.value


# ---------------------------------------------------------------- the shipped bank


def test_shipped_bank_has_the_seven_patterns_in_order() -> None:
    catalog = get_catalog("dx-seven-sins")
    assert [s.id for s in catalog.sections] == SECTION_IDS
    assert catalog.version >= 1


def test_every_pattern_has_four_to_six_questions_and_two_for_staff() -> None:
    for section in get_catalog("dx-seven-sins").sections:
        assert 4 <= len(section.questions) <= 6, section.id
        staff = [q for q in section.questions if "staff" in q.audience]
        assert len(staff) >= 2, section.id
        assert all(q.id.startswith(section.id.split("-")[0] + "-q") for q in section.questions)


def test_every_question_offers_a_zero_point_dont_know_last() -> None:
    for _section, question in get_catalog("dx-seven-sins").all_questions():
        unknown = [o for o in question.options if o.unknown]
        assert len(unknown) == 1 and unknown[0].points == 0 and unknown[0].id == "unknown"
        assert question.options[-1].unknown, question.id
        real = [o.points for o in question.options if not o.unknown]
        assert real == sorted(real, reverse=True), f"{question.id}: best answer first"


def test_every_step_names_a_principle_and_all_five_are_used() -> None:
    catalog = get_catalog("dx-seven-sins")
    principles = {step.principle for s in catalog.sections for step in s.steps}
    assert principles == {1, 2, 3, 4, 5}


def test_staff_survey_fits_in_about_ten_minutes() -> None:
    # About 25 seconds a question on a phone: 24 questions is the ceiling for ten minutes.
    assert 14 <= len(get_catalog("dx-seven-sins").questions_for("staff")) <= 24


def test_texts_are_short_enough_for_a_phone() -> None:
    for _section, question in get_catalog("dx-seven-sins").all_questions():
        assert len(question.text["ja"]) <= 50, question.id
        assert len(question.text["en"]) <= 110, question.id
        for option in question.options:
            assert len(option.label["ja"]) <= 16 and len(option.label["en"]) <= 32, (question.id, option.id)


def test_bare_yes_and_no_option_ids_are_read_as_text() -> None:
    question = get_catalog("dx-seven-sins").question("p1-q1")
    assert question is not None
    assert [o.id for o in question.options] == ["yes", "partly", "no", "unknown"]
    assert question.option("yes") is not None and question.option("true") is None


def test_builtin_catalogs_is_loaded_once() -> None:
    assert builtin_catalogs() is builtin_catalogs()
    with pytest.raises(KeyError):
        get_catalog("no-such-bank")


# ---------------------------------------------------------------- API on a small bank


def test_lookups_and_audience_filter() -> None:
    catalog = load_catalog_text(MINI, "mini.yaml")
    q1 = catalog.question("q1")
    assert q1 is not None and q1.audience == ["management", "staff"]
    assert q1.max_points == 2 and q1.option("no") is not None and q1.option("maybe") is None
    assert catalog.question("q9") is None
    assert [q.id for _s, q in catalog.questions_for("staff")] == ["q1"]
    assert [q.id for _s, q in catalog.questions_for("management")] == ["q1", "q2"]
    assert [q.id for _s, q in catalog.all_questions()] == ["q1", "q2"]
    section = catalog.section_of("q2")
    assert section is not None and section.id == "s1"


def test_localized_falls_back_to_english_then_japanese() -> None:
    assert localized({"ja": "はい", "en": "Yes"}, "ja") == "はい"
    assert localized({"ja": "はい", "en": "Yes"}, "fr") == "Yes"
    assert localized({"ja": "はい"}, "en") == "はい"


# ---------------------------------------------------------------- broken banks, with lines


def test_error_reads_file_line_message_for_a_duplicate_question_in_the_real_bank() -> None:
    text = BANK_FILE.read_text(encoding="utf-8").replace("id: p1-q2", "id: p1-q1")
    with pytest.raises(CatalogError) as caught:
        load_catalog_text(text, "dx-seven-sins.yaml")
    line = line_of(text, "id: p1-q1", occurrence=2)
    assert caught.value.line == line
    assert caught.value.source == "dx-seven-sins.yaml"
    assert str(caught.value) == f"dx-seven-sins.yaml:{line}: question id 'p1-q1' is used twice"


def test_yaml_syntax_error_gives_its_line() -> None:
    text = MINI.replace("      - id: q2\n", "      - id: q2\n      text: [unclosed\n")
    error = load_error(text)
    assert error.line is not None and error.line >= line_of(text, "[unclosed")
    assert "YAML syntax error" in error.message


def test_duplicate_section_id() -> None:
    second = MINI[MINI.index("  - id: s1") :].replace("q1", "q3").replace("q2", "q4")
    error = load_error(MINI + second)
    assert error.line == line_of(MINI + second, "- id: s1", occurrence=2)
    assert "section id 's1' is used twice" in error.message


def test_duplicate_option_id_within_a_question() -> None:
    text = MINI.replace("{id: b, points: 1", "{id: a, points: 1")
    error = load_error(text)
    assert error.line == line_of(text, "{id: a, points: 1")
    assert "option id 'a' is used twice in question 'q2'" in error.message


def test_missing_english_text_points_at_the_text() -> None:
    text = MINI.replace("text: {ja: 質問2, en: Question 2}", "text: {ja: 質問2}")
    error = load_error(text)
    assert error.line == line_of(text, "text: {ja: 質問2}")
    assert "'en'" in error.message and "questions[1].text" in error.message


def test_blank_japanese_text_is_refused() -> None:
    text = MINI.replace("lesson: {ja: 教訓,", 'lesson: {ja: "  ",')
    error = load_error(text)
    assert error.line == line_of(text, "lesson:")
    assert "'ja'" in error.message


def test_question_without_dont_know() -> None:
    text = MINI.replace(
        '          - {id: unknown, points: 0, unknown: true, label: {ja: わからない, en: "Don\'t know"}}\n',
        "",
        1,
    )
    error = load_error(text)
    assert error.line == line_of(text, "- id: q1")
    assert "q1" in error.message and "unknown: true" in error.message


def test_two_dont_know_options() -> None:
    text = MINI.replace("{id: no, points: 0, label", "{id: no, points: 0, unknown: true, label")
    error = load_error(text)
    assert error.line == line_of(text, "id: unknown", occurrence=1)
    assert "more than one" in error.message


def test_dont_know_must_be_worth_nothing() -> None:
    text = MINI.replace("{id: unknown, points: 0, unknown: true", "{id: unknown, points: 1, unknown: true", 1)
    assert "0 points" in load_error(text).message


@pytest.mark.parametrize("points", ["-1", '"3"', "1.5", "true"])
def test_points_must_be_a_whole_number_of_zero_or_more(points: str) -> None:
    text = MINI.replace("{id: b, points: 1,", f"{{id: b, points: {points},")
    error = load_error(text)
    assert error.line == line_of(text, "{id: b, points:")
    assert "points" in error.message


@pytest.mark.parametrize("principle", ["0", "6"])
def test_principle_is_one_to_five(principle: str) -> None:
    text = MINI.replace("{principle: 5,", f"{{principle: {principle},")
    error = load_error(text)
    assert error.line == line_of(text, f"{{principle: {principle},")
    assert "principle" in error.message


def test_a_section_needs_two_to_four_steps() -> None:
    one = MINI.replace("      - {principle: 5, text: {ja: 手順2, en: Step 2}}\n", "")
    assert "at least 2" in load_error(one).message
    step = "      - {principle: 5, text: {ja: 手順2, en: Step 2}}\n"
    five = MINI.replace(step, step * 4)
    error = load_error(five)
    assert "at most 4" in error.message and error.line == line_of(five, "steps:")


def test_misspelt_field_is_reported_at_its_mapping() -> None:
    text = MINI.replace("        audience: [management]", "        audiense: [management]")
    error = load_error(text)
    assert error.line == line_of(text, "audiense:")
    assert "audiense" in error.message


def test_unknown_audience_is_refused() -> None:
    text = MINI.replace("audience: [management]", "audience: [owners]")
    error = load_error(text)
    assert error.line == line_of(text, "audience: [owners]") and "audience" in error.message


def test_duplicate_yaml_key_is_not_silently_dropped() -> None:
    text = MINI.replace("version: 1\n", "version: 1\nversion: 2\n")
    error = load_error(text)
    assert error.line == 3 and "'version' appears twice" in error.message


def test_top_level_must_be_a_mapping() -> None:
    error = load_error("- just\n- a list\n")
    assert error.line == 1


def test_the_first_problem_in_the_file_is_reported() -> None:
    text = MINI.replace("{id: b, points: 1,", "{id: b, points: -1,").replace("version: 1", "version: 0")
    assert load_error(text).line == 2


def test_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 7)]
    error = load_error("\n".join(lines) + "\n")
    assert "50,000" in error.message  # refused from the event stream (rashinban.limits), before composing
    assert error.line == 5


def test_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog_file(tmp_path / "gone.yaml")
    assert caught.value.source == "gone.yaml" and caught.value.line is None
    assert str(caught.value).startswith("gone.yaml: ")


def test_load_catalog_file_reads_a_good_bank(tmp_path: Path) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    assert load_catalog_file(path).id == "mini"
