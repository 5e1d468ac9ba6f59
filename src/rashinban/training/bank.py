"""The lessons bank (研修教材): short lessons with a quiz, in YAML, checked against a schema on load.

Pure: imports no Django model, so the CLI and tests use it on files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rashinban.assessments.catalog import (
    CatalogError,
    Id,
    Text,
    YamlProblem,
    line_for,
    localized,
    parse_yaml,
)
from rashinban.i18n import _

LESSONS_FILE = Path(__file__).resolve().parent / "lessons" / "lessons.yaml"
MAX_MINUTES = 5  # every lesson reads in under five minutes, on a phone

__all__ = ["Lesson", "LessonBank", "BankError", "load_bank_text", "builtin_bank", "localized"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Model):
    id: Id
    label: Text
    correct: Annotated[bool, Field(strict=True)] = False


class QuizQuestion(_Model):
    id: Id
    text: Text
    options: list[Choice] = Field(min_length=2)
    explanation: Text  # shown after every answer, right or wrong: why the right answer is right

    @property
    def correct_option(self) -> str:
        return next(o.id for o in self.options if o.correct)


class Page(_Model):
    heading: Text
    points: list[Text] = Field(min_length=1)


class Lesson(_Model):
    id: Id
    minutes: Annotated[int, Field(strict=True, ge=1, lt=MAX_MINUTES + 1)]
    title: Text
    summary: Text
    pages: list[Page] = Field(min_length=1, max_length=4)
    quiz: list[QuizQuestion] = Field(min_length=1)


class LessonBank(_Model):
    lessons: list[Lesson] = Field(min_length=1)

    def get(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    @property
    def ids(self) -> list[str]:
        return [lesson.id for lesson in self.lessons]


BankError = CatalogError  # same shape: `lessons.yaml:42: message`


def _rules(bank: LessonBank) -> list[tuple[tuple[str | int, ...], str]]:
    problems: list[tuple[tuple[str | int, ...], str]] = []
    seen: set[str] = set()
    for li, lesson in enumerate(bank.lessons):
        if lesson.id in seen:
            problems.append((("lessons", li, "id"), _("lesson id '%(id)s' is used twice") % {"id": lesson.id}))
        seen.add(lesson.id)
        for qi, question in enumerate(lesson.quiz):
            if sum(o.correct for o in question.options) != 1:
                problems.append(
                    (
                        ("lessons", li, "quiz", qi),
                        _("question '%(id)s' needs exactly one correct option") % {"id": question.id},
                    )
                )
    return problems


def load_bank_text(text: str, source: str) -> LessonBank:
    """Parse and check a lessons bank; BankError names `source` and the line of the first problem."""
    try:
        data, lines = parse_yaml(text)
    except YamlProblem as problem:
        raise BankError(source, problem.line, problem.message) from problem
    if not isinstance(data, dict):
        raise BankError(source, 1, _("a lessons bank must be a mapping with a list of lessons"))
    try:
        bank = LessonBank.model_validate(data)
    except ValidationError as error:
        first = min(error.errors(), key=lambda e: line_for(lines, tuple(e["loc"])))
        where = ".".join(str(part) for part in first["loc"])
        raise BankError(source, line_for(lines, tuple(first["loc"])), f"{where}: {first['msg']}") from None
    problems = _rules(bank)
    if problems:
        path, message = problems[0]
        raise BankError(source, line_for(lines, path), message)
    return bank


@cache
def builtin_bank() -> LessonBank:
    return load_bank_text(LESSONS_FILE.read_text(encoding="utf-8"), LESSONS_FILE.name)


def lesson_title(lesson_id: str, lang: str) -> str:
    lesson = builtin_bank().get(lesson_id)
    return localized(lesson.title, lang) if lesson else lesson_id
