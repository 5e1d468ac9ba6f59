"""The framework library (フレームワーク集): schema, loader and the rules checked when a file is loaded.

A framework file is YAML reviewed like code, in data/ (shipped) or imported by a company or an advisor.
Each names the text it follows (title, address, date, and whether that text is still a draft) and lists
the requirements by their official numbers with a summary **in our own words**: the official texts are
never copied (for ISO/IEC 27001 and the CIS Controls, only the numbers are theirs).

Each requirement lists the items of Rashinban that cover it (`by`), fully or in part:

    question:<id>   an answer of the security self-check (assessments/catalog/security-selfcheck.yaml)
    check:<name>    an evidence check (evidence/registry.py), proof while within its validity period
    document:<kind> a published document (policy, plan, card)
    training:<id>   a lesson of the training bank, completed by someone within a year
    drill:phishing  a practice phishing drill finished within a year
    record:<id>     a record kept elsewhere (items.PENDING lists the ones not built yet)

Loading validates the shape with pydantic and the cross-field rules, and reports the first problem with
the file and line (like the question banks: assessments.catalog).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rashinban import limits
from rashinban.assessments.catalog import (
    LANGUAGES,
    CatalogError,
    YamlPath,
    YamlProblem,
    _pydantic_message,
    line_for,
    parse_yaml,
)
from rashinban.i18n import _

DATA_DIR = Path(__file__).resolve().parent / "data"

Id = Annotated[str, Field(strict=True, pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=60)]
ReqId = Annotated[str, Field(strict=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=40)]
Text = dict[str, str]


class FrameworkError(CatalogError):
    """A framework file that cannot be used; `str()` reads like `iso27001-2022.yaml:42: ...`."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    title: str = Field(min_length=1, max_length=300)
    url: str = Field(min_length=1, max_length=500)

    @field_validator("url")
    @classmethod
    def _https(cls, url: str) -> str:
        if not url.startswith("https://"):
            raise ValueError("https")
        return url


class Mapping_(_Model):
    item: str = Field(min_length=3, max_length=80, pattern=r"^[a-z]+:[a-z0-9][a-z0-9_-]*$")
    coverage: Literal["full", "partial"] = "full"


class Requirement(_Model):
    id: ReqId
    summary: Text
    level: str | None = Field(default=None, max_length=10)
    group: str | None = Field(default=None, max_length=60)
    source: Source | None = None
    as_of: date | None = None
    by: list[Mapping_] = Field(default_factory=list, max_length=20)


class Level(_Model):
    id: str = Field(min_length=1, max_length=10)
    title: Text


class Framework(_Model):
    id: Id
    title: Text
    version: str = Field(min_length=1, max_length=40)
    as_of: date
    status: Literal["final", "draft"] = "final"
    draft_date: date | None = None
    numbering: Literal["official", "provisional"] = "official"
    source: Source
    proof: Literal["claimed", "proven"] = "claimed"
    """What a requirement needs to count as met for `ready`: a self-assessment (claimed) or evidence (proven)."""
    note: Text | None = None
    reviewed: date
    """When the mappings (`by`) were last reviewed."""
    levels: list[Level] = Field(default_factory=list, max_length=10)
    requirements: list[Requirement] = Field(min_length=1, max_length=500)

    def requirement(self, rid: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == rid), None)

    def source_of(self, requirement: Requirement) -> Source:
        return requirement.source or self.source

    def as_of_of(self, requirement: Requirement) -> date:
        return requirement.as_of or self.as_of

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": dict(self.title),
            "version": self.version,
            "as_of": self.as_of.isoformat(),
            "source_url": self.source.url,
            "requirements": len(self.requirements),
        }


def localized(text: Mapping[str, str] | None, lang: str) -> str:
    if not text:
        return ""
    return text.get(lang) or text.get("ja") or next(iter(text.values()), "")


# ---------------------------------------------------------------- loading


def load_framework_text(text: str, source: str, known_items: frozenset[str] | None = None) -> Framework:
    """Parse and check one framework; FrameworkError names `source` and the line of the first problem.

    `known_items` (items.known_items()) makes a mapping to an item that does not exist an error.
    """
    try:
        data, lines = parse_yaml(text, limits.CATALOG)
    except YamlProblem as problem:
        raise FrameworkError(source, problem.line, problem.message) from problem
    if not isinstance(data, dict):
        raise FrameworkError(source, 1, _("a framework must be a mapping with id, title, version and requirements"))
    try:
        framework = Framework.model_validate(data)
    except ValidationError as error:
        located = [(line_for(lines, tuple(e["loc"])), _message(e)) for e in error.errors()]
        line, message = min(located, key=lambda pair: pair[0])
        raise FrameworkError(source, line, message) from None
    problems = [(line_for(lines, path), message) for path, message in check_rules(framework, known_items)]
    if problems:
        line, message = min(problems, key=lambda pair: pair[0])
        raise FrameworkError(source, line, message)
    return framework


def _message(error: Mapping[str, Any]) -> str:
    if error.get("type") == "string_pattern_mismatch" and error["loc"][:1] == ("requirements",):
        return _("'%(field)s' may contain only letters, digits, '.', '-' and '_'") % {
            "field": ".".join(str(p) for p in error["loc"])
        }
    if error.get("type") == "value_error" and "https" in str(error.get("msg", "")):
        return _("'%(field)s' must be an https:// address") % {"field": ".".join(str(p) for p in error["loc"])}
    return _pydantic_message(error)


def check_rules(framework: Framework, known_items: frozenset[str] | None = None) -> list[tuple[YamlPath, str]]:
    problems: list[tuple[YamlPath, str]] = []
    texts: list[tuple[YamlPath, Text]] = [(("title",), framework.title)]
    if framework.note:
        texts.append((("note",), framework.note))
    seen: set[str] = set()
    level_ids = {level.id for level in framework.levels}
    for i, level in enumerate(framework.levels):
        texts.append((("levels", i, "title"), level.title))
    if framework.status == "draft" and framework.draft_date is None:
        problems.append((("status",), _("a draft needs 'draft_date', the date of the draft it follows")))
    for i, req in enumerate(framework.requirements):
        path: YamlPath = ("requirements", i)
        texts.append(((*path, "summary"), req.summary))
        if req.id in seen:
            problems.append(((*path, "id"), _("requirement id '%(id)s' is used twice") % {"id": req.id}))
        seen.add(req.id)
        if framework.levels and req.level not in level_ids:
            problems.append(
                ((*path, "level"), _("'level' must be one of: %(choices)s") % {"choices": ", ".join(sorted(level_ids))})
            )
        items: set[str] = set()
        for j, mapping in enumerate(req.by):
            if mapping.item in items:
                problems.append(((*path, "by", j), _("item '%(item)s' is listed twice") % {"item": mapping.item}))
            items.add(mapping.item)
            if known_items is not None and mapping.item not in known_items:
                problems.append(((*path, "by", j, "item"), _("unknown item '%(item)s'") % {"item": mapping.item}))
    for path, text in texts:
        for lang in LANGUAGES:
            if not isinstance(text.get(lang), str) or not text[lang].strip():
                problems.append((path, _("'%(lang)s' text is missing") % {"lang": lang}))
        extra = set(text) - set(LANGUAGES)
        if extra:
            problems.append((path, _("unknown language '%(lang)s'") % {"lang": sorted(extra)[0]}))
    return problems


def load_framework_file(path: str | Path, known_items: frozenset[str] | None = None) -> Framework:
    path = Path(path)
    try:
        raw = path.read_bytes()
        if len(raw) > limits.CATALOG.max_bytes:
            raise FrameworkError(path.name, None, _("the file is too large"))
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FrameworkError(path.name, None, _("cannot read the file: %(problem)s") % {"problem": error}) from error
    return load_framework_text(text, path.name, known_items)


@cache
def builtin_frameworks() -> dict[str, Framework]:
    """The frameworks shipped in frameworks/data/, by id (loaded once, mappings checked)."""
    from rashinban.frameworks.items import known_items

    found: dict[str, Framework] = {}
    known = known_items()
    for path in sorted(DATA_DIR.glob("*.yaml")):
        framework = load_framework_file(path, known)
        if framework.id in found:
            raise FrameworkError(
                path.name, None, _("framework id '%(id)s' is used by another file") % {"id": framework.id}
            )
        found[framework.id] = framework
    return found


def get_framework(framework_id: str) -> Framework | None:
    return builtin_frameworks().get(framework_id)
