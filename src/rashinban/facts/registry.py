"""Loading and reading the facts registry. Pure: no Django, so the CLI and `doctor` read it as the web does.

Each file in `data/` is a YAML list of facts. Loading checks every fact (shape, https source, dates in
order, statements that name only values the fact has) and reports the first problem as
`file.yaml:LINE: message`, so the person editing a fact goes straight to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

# The YAML reader that remembers the line of every value; it is pure and shared with the question banks.
from rashinban.assessments.catalog import YamlPath, YamlProblem, line_for, parse_yaml
from rashinban.formats import long_date, yen

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("ja", "en")

Scalar = int | float | str | date
Value = Scalar | list[str] | dict[str, Scalar]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
    value: Value
    as_of: date
    review_by: date
    source_title: Annotated[str, Field(min_length=1)]
    source_url: Annotated[str, Field(min_length=1)]
    statement: dict[str, str]
    note: str = ""
    """For the people who maintain the fact (why this value, what to watch); never shown to users."""

    @field_validator("source_url")
    @classmethod
    def _https(cls, url: str) -> str:
        if not re.fullmatch(r"https://[^\s/]+\.[^\s/]+(/\S*)?", url):
            raise ValueError("source_url must be an https:// address")
        return url

    @field_validator("statement")
    @classmethod
    def _both_languages(cls, statement: dict[str, str]) -> dict[str, str]:
        missing = [lang for lang in LANGUAGES if not statement.get(lang, "").strip()]
        if missing or set(statement) - set(LANGUAGES):
            raise ValueError("statement needs exactly a 'ja' and an 'en' text")
        return statement


class FactsError(Exception):
    """A data file that cannot be used; `str()` reads like `law.yaml:12: source_url must be ...`."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source, self.line, self.message = source, line, message
        super().__init__(f"{source}:{line}: {message}" if line else f"{source}: {message}")


@dataclass(frozen=True)
class Fact:
    """One dated fact with its source; `text(lang)` is the sentence the product shows."""

    id: str
    value: Value
    as_of: date
    review_by: date
    source_title: str
    source_url: str
    statement: Mapping[str, str]
    file: str = ""

    def value_text(self, lang: str = "ja") -> str:
        """The value as a reader sees it: 1,000 / 2025年10月14日 / a programme name in `lang`."""
        return _format(self.value, lang)

    def text(self, lang: str = "ja") -> str:
        """The statement in `lang` with the value filled in."""
        template = self.statement.get(lang) or self.statement["en"]
        return template.format_map(_fields(self.value, lang))

    def as_of_text(self, lang: str = "ja") -> str:
        return _format(self.as_of, lang)

    def citation(self, lang: str = "ja") -> str:
        """ "As of" and source in one line, for hover texts, footnotes, PDF and Word."""
        if lang == "ja":
            return f"{self.as_of_text(lang)}時点の情報。出典：{self.source_title} {self.source_url}"
        return f"As of {self.as_of_text(lang)}. Source: {self.source_title} {self.source_url}"

    def is_stale(self, today: date) -> bool:
        return today > self.review_by

    def to_json(self) -> dict[str, Any]:
        """The shape `rashinban facts list --json` prints."""
        return {
            "id": self.id,
            "value": _jsonable(self.value),
            "as_of": self.as_of.isoformat(),
            "review_by": self.review_by.isoformat(),
            "source_title": self.source_title,
            "source_url": self.source_url,
            "statement": {lang: self.text(lang) for lang in LANGUAGES},
        }


def _format(value: Any, lang: str, key: str = "") -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, date):
        return long_date(value, lang)
    if key.endswith("_yen") and isinstance(value, int | float):
        return yen(value, lang)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dict) and set(value) == set(LANGUAGES):
        return str(value.get(lang) or value["en"])
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _fields(value: Value, lang: str) -> dict[str, str]:
    """What a statement may name: {value}, and each key of a mapping value ({min}, {max} ...).

    A key ending in `_yen` is an amount of money: 50,000円 in Japanese, ¥50,000 in English.
    """
    fields = {"value": _format(value, lang)}
    if isinstance(value, dict):
        fields.update({key: _format(item, lang, key) for key, item in value.items()})
    return fields


def _jsonable(value: Value) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def load_facts_text(text: str, source: str) -> list[Fact]:
    """Parse and check one data file; FactsError names `source` and the line of the first problem."""
    try:
        data, lines = parse_yaml(text)
    except YamlProblem as problem:
        raise FactsError(source, problem.line, problem.message) from problem
    if not isinstance(data, list):
        raise FactsError(source, 1, "a facts file must be a list of facts")
    facts: list[Fact] = []
    for index, item in enumerate(data):
        path: YamlPath = (index,)
        try:
            entry = _Entry.model_validate(item)
        except ValidationError as error:
            first = error.errors()[0]
            where = line_for(lines, (*path, *first["loc"]))
            field = ".".join(str(part) for part in first["loc"]) or "fact"
            raise FactsError(source, where, f"{field}: {first['msg']}") from None
        facts.append(_checked(entry, source, lines, path))
    return facts


def _checked(entry: _Entry, source: str, lines: Mapping[YamlPath, int], path: YamlPath) -> Fact:
    if entry.review_by <= entry.as_of:
        raise FactsError(source, line_for(lines, (*path, "review_by")), f"{entry.id}: review_by must come after as_of")
    fact = Fact(entry.id, entry.value, entry.as_of, entry.review_by, entry.source_title, entry.source_url,
                entry.statement, source)  # fmt: skip
    allowed = set(_fields(entry.value, "en"))
    for lang in LANGUAGES:
        named = {name for _text, name, _spec, _conv in Formatter().parse(entry.statement[lang]) if name is not None}
        unknown = sorted(named - allowed)
        if unknown:
            where = line_for(lines, (*path, "statement", lang))
            raise FactsError(source, where, f"{entry.id}: the statement names {unknown}; it may name {sorted(allowed)}")
    return fact


@cache
def _registry() -> dict[str, Fact]:
    found: dict[str, Fact] = {}
    for file in sorted(DATA_DIR.glob("*.yaml")):
        for item in load_facts_text(file.read_text(encoding="utf-8"), file.name):
            if item.id in found:
                raise FactsError(file.name, None, f"fact id '{item.id}' is also in {found[item.id].file}")
            found[item.id] = item
    return found


def fact(fact_id: str) -> Fact:
    """The fact with this id; KeyError names the id when there is none."""
    try:
        return _registry()[fact_id]
    except KeyError:
        raise KeyError(f"no fact '{fact_id}' in the facts registry (src/rashinban/facts/data/)") from None


def all_facts() -> list[Fact]:
    """Every fact, by id."""
    return sorted(_registry().values(), key=lambda f: f.id)


def stale_facts(today: date) -> list[Fact]:
    """Facts whose review-by date has passed: someone must check them against their source again."""
    return [f for f in all_facts() if f.is_stale(today)]
