"""The lessons bank loads, stays short, and a broken bank names its file and line."""

from __future__ import annotations

import pytest

from rashinban.training.bank import MAX_MINUTES, BankError, builtin_bank, load_bank_text


def test_builtin_bank_covers_the_topics_in_both_languages():
    bank = builtin_bank()
    assert {"targeted-mail", "fake-login", "passwords-mfa", "updates", "backups", "remote-work",
            "customer-data", "report-it"} <= set(bank.ids)  # fmt: skip
    for lesson in bank.lessons:
        assert lesson.minutes < MAX_MINUTES + 1
        assert lesson.title["ja"] and lesson.title["en"]
        for question in lesson.quiz:
            assert sum(o.correct for o in question.options) == 1
            assert all(o.label.get("ja") and o.label.get("en") for o in question.options)


BROKEN = """lessons:
  - id: x
    minutes: 4
    title: {ja: t, en: t}
    summary: {ja: s, en: s}
    pages:
      - heading: {ja: h, en: h}
        points: [{ja: p, en: p}]
    quiz:
      - id: q1
        text: {ja: q, en: q}
        options:
          - {id: a, label: {ja: a, en: a}}
          - {id: b, label: {ja: b, en: b}}
"""


def test_question_without_a_correct_option_names_file_and_line():
    with pytest.raises(BankError) as caught:
        load_bank_text(BROKEN, "mine.yaml")
    assert str(caught.value).startswith("mine.yaml:10:")


def test_too_long_lesson_is_refused():
    with pytest.raises(BankError) as caught:
        load_bank_text(BROKEN.replace("minutes: 4", "minutes: 9"), "long.yaml")
    assert str(caught.value).startswith("long.yaml:3:")
