"""Question banks (設問集): schema, loader and the checks that run when a bank is loaded.

A bank is YAML reviewed like code. Loading validates the shape with pydantic, then the rules that
span fields (unique ids, one "don't know" option, both languages), and reports the first problem
with its file and line so the person editing the bank can go straight to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from rashinban import limits
from rashinban.i18n import _

LANGUAGES = ("ja", "en")
AUDIENCES = ("management", "staff")
CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
# An uploaded bank is untrusted text: cap the nodes we build so alias chains cannot blow up memory.
MAX_NODES = 50_000

Text = dict[str, str]
"""A text in several languages, e.g. {"ja": "戦略なき突進", "en": "Rushing in without a strategy"}."""

Id = Annotated[str, Field(strict=True, pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=40)]
Audience = Literal["management", "staff"]
YamlPath = tuple[str | int, ...]


def localized(text: Mapping[str, str], lang: str) -> str:
    """The text in `lang`, else English, else Japanese, else ""."""
    return text.get(lang) or text.get("en") or text.get("ja") or ""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Model):
    id: Id
    # Zero or more; only a "don't know" option may be negative (IPA counts it below "not done").
    points: Annotated[int, Field(strict=True, ge=-100)]
    label: Text
    unknown: Annotated[bool, Field(strict=True)] = False
    not_applicable: Annotated[bool, Field(strict=True)] = False
    """"Not applicable" (the company does not use the thing asked about): it must carry full points."""


class Question(_Model):
    id: Id
    text: Text
    audience: list[Audience] = Field(default_factory=lambda: list(AUDIENCES), min_length=1)
    options: list[Option] = Field(min_length=2)
    drill_step: Annotated[int, Field(strict=True, ge=1, le=5)] | None = None
    """The step of the security drill (1–5) the question belongs to, in banks that tag them."""
    threats: list[Id] = Field(default_factory=list)
    """Ids of the bank's `threats` this question guards against."""
    action: Text | None = None
    """What to do when the answer is weak: the instruction an action-plan item starts from."""
    critical: Annotated[bool, Field(strict=True)] = False
    """Its absence alone leaves the company exposed (backups, MFA, updates, ...): while it is not fully done
    the result cannot be level "low", whatever the total (scoring.overall_level)."""
    short: Text | None = None
    """A few words naming the question (e.g. 「バックアップ」), for the sentence that lists critical gaps."""

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def max_points(self) -> int:
        return max(o.points for o in self.options)


class Step(_Model):
    """A first step, tied to one of the five principles (原理原則 1–5)."""

    principle: Annotated[int, Field(strict=True, ge=1, le=5)]
    text: Text


class Section(_Model):
    """One failure pattern (大罪): its lesson, its first steps and its questions."""

    id: Id
    title: Text
    lesson: Text
    steps: list[Step] = Field(min_length=2, max_length=4)
    questions: list[Question] = Field(min_length=1)


class Threat(_Model):
    """A threat a bank's questions are tagged with (e.g. ransomware)."""

    id: Id
    title: Text


class DrillStep(_Model):
    """One of the five steps of the security drill (セキュリティ実践ドリル)."""

    step: Annotated[int, Field(strict=True, ge=1, le=5)]
    title: Text


class Band(_Model):
    """What an overall score of one risk level means for the company, and what to do next."""

    level: Literal["low", "medium", "high", "critical"]
    title: Text
    meaning: Text
    next: Text


class Catalog(_Model):
    id: Id
    version: Annotated[int, Field(strict=True, ge=1)]
    title: Text
    description: Text
    scoring: Literal["sections", "points"] = "sections"
    """"sections": overall = mean of the section scores; "points": overall = share of all points (IPA style)."""
    threats: list[Threat] = Field(default_factory=list)
    drill_steps: list[DrillStep] = Field(default_factory=list)
    bands: list[Band] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)
    _index: dict[str, tuple[Section, Question]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, __context: Any) -> None:
        self._index = {q.id: (s, q) for s in self.sections for q in s.questions}

    def question(self, qid: str) -> Question | None:
        found = self._index.get(qid)
        return found[1] if found else None

    def section_of(self, qid: str) -> Section | None:
        found = self._index.get(qid)
        return found[0] if found else None

    def questions_for(self, audience: str | None) -> list[tuple[Section, Question]]:
        """(section, question) pairs in bank order that `audience` answers; all of them for None."""
        return [(s, q) for s in self.sections for q in s.questions if audience is None or audience in q.audience]

    def all_questions(self) -> list[tuple[Section, Question]]:
        return self.questions_for(None)

    def band(self, level: str) -> Band | None:
        return next((b for b in self.bands if b.level == level), None)


class CatalogError(Exception):
    """A bank that cannot be used; `str()` reads like `dx-seven-sins.yaml:42: question id ...`."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source, self.line, self.message = source, line, message
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.message}"
        return f"{self.source}:{self.line}: {self.message}"


# ---------------------------------------------------------------- YAML with line numbers


class YamlProblem(Exception):
    """Unreadable YAML; callers turn it into their own error with their file name."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(message)


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: only true/false, so ids like `yes`, `no`, `on` stay text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def parse_yaml(text: str, bounds: limits.Limits = limits.DEFAULT) -> tuple[Any, dict[YamlPath, int]]:
    """Parse one YAML document; return the data and the 1-based line of every node, by path.

    Raises YamlProblem on syntax errors, duplicate keys, runaway aliases and anything beyond `bounds`
    (size, depth, values, NUL), which is checked on the event stream before the recursive composer runs.
    """
    try:
        limits.check_yaml(text, "", bounds)
    except limits.LimitError as error:
        raise YamlProblem(error.row, error.problem) from None
    loader: _Loader | None = None
    try:
        loader = _Loader(text)  # its reader refuses control characters here already (found by fuzzing)
        node = loader.get_single_node()
        lines: dict[YamlPath, int] = {(): 1}
        if node is None:
            return None, lines
        return _build(loader, node, (), lines, set(), [0]), lines
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "?"
        if error.context and error.context_mark and error.problem:
            problem = f"{problem} ({error.context}, line {error.context_mark.line + 1})"
        # At the end of the stream the mark sits on the line after the last one; keep it in the file.
        last_line = max(1, len(text.splitlines()))
        line = min(mark.line + 1, last_line) if mark else None
        raise YamlProblem(line, _("YAML syntax error: %(problem)s") % {"problem": problem}) from error
    except yaml.YAMLError as error:
        raise YamlProblem(None, _("YAML syntax error: %(problem)s") % {"problem": error}) from error
    finally:
        if loader is not None:
            loader.dispose()


def _build(
    loader: _Loader,
    node: yaml.Node,
    path: YamlPath,
    lines: dict[YamlPath, int],
    stack: set[int],
    count: list[int],
    line: int | None = None,
) -> Any:
    # A mapping value is reported at its key's line: `steps:` rather than the first step below it.
    line = line or node.start_mark.line + 1
    lines[path] = line
    count[0] += 1
    if count[0] > MAX_NODES:
        raise YamlProblem(line, _("the file is too large or has too many aliases"))
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_object(node)
    if id(node) in stack:
        raise YamlProblem(line, _("an alias refers to itself"))
    stack.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            return [_build(loader, item, (*path, i), lines, stack, count) for i, item in enumerate(node.value)]
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_node.start_mark.line + 1, _("a key must be plain text"))
            key = loader.construct_object(key_node)
            key_line = key_node.start_mark.line + 1
            if key in result:
                raise YamlProblem(key_line, _("key '%(key)s' appears twice") % {"key": key})
            result[key] = _build(loader, value_node, (*path, key), lines, stack, count, key_line)
        return result
    finally:
        stack.discard(id(node))


def line_for(lines: Mapping[YamlPath, int], path: YamlPath) -> int:
    """The line of the deepest node on `path` that exists (a missing field points at its parent)."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1


# ---------------------------------------------------------------- loading and rules


def load_catalog_text(text: str, source: str) -> Catalog:
    """Parse and check a bank; CatalogError names `source` and the line of the first problem."""
    try:
        data, lines = parse_yaml(text, limits.CATALOG)
    except YamlProblem as problem:
        raise CatalogError(source, problem.line, problem.message) from problem
    if not isinstance(data, dict):
        raise CatalogError(source, 1, _("a question bank must be a mapping with id, version, title and sections"))
    try:
        catalog = Catalog.model_validate(data)
    except ValidationError as error:
        located = [(line_for(lines, tuple(e["loc"])), _pydantic_message(e)) for e in error.errors()]
        line, message = min(located, key=lambda pair: pair[0])
        raise CatalogError(source, line, message) from None
    problems = [(line_for(lines, path), message) for path, message in check_rules(catalog)]
    if problems:
        line, message = min(problems, key=lambda pair: pair[0])
        raise CatalogError(source, line, message)
    return catalog


def load_catalog_file(path: str | Path) -> Catalog:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogError(path.name, None, _("cannot read the file: %(problem)s") % {"problem": error}) from error
    return load_catalog_text(text, path.name)


@cache
def builtin_catalogs() -> dict[str, Catalog]:
    """The banks shipped in assessments/catalog/, by id (loaded once)."""
    catalogs: dict[str, Catalog] = {}
    for path in sorted(CATALOG_DIR.glob("*.yaml")):
        catalog = load_catalog_file(path)
        if catalog.id in catalogs:
            raise CatalogError(path.name, None, _("bank id '%(id)s' is used by another file") % {"id": catalog.id})
        catalogs[catalog.id] = catalog
    return catalogs


def get_catalog(catalog_id: str) -> Catalog:
    """A built-in bank by id; KeyError if there is none."""
    return builtin_catalogs()[catalog_id]


def check_rules(catalog: Catalog) -> list[tuple[YamlPath, str]]:
    """Rules that span fields, as (path, message) pairs; empty when the bank is sound."""
    problems: list[tuple[YamlPath, str]] = []
    for path, text in _texts(catalog):
        for lang in LANGUAGES:
            value = text.get(lang)
            if value is None or not value.strip():
                where = (*path, lang) if value is not None else path
                problems.append(
                    (
                        where,
                        _("'%(field)s' needs a non-empty '%(lang)s' text") % {"field": _dotted(path), "lang": lang},
                    )
                )
    problems.extend(_tag_list_problems(catalog))
    threat_ids = {t.id for t in catalog.threats}
    drill_steps = {d.step for d in catalog.drill_steps}
    section_ids: set[str] = set()
    question_ids: set[str] = set()
    for s, section in enumerate(catalog.sections):
        if section.id in section_ids:
            problems.append((("sections", s, "id"), _("section id '%(id)s' is used twice") % {"id": section.id}))
        section_ids.add(section.id)
        for q, question in enumerate(section.questions):
            qpath: YamlPath = ("sections", s, "questions", q)
            if question.id in question_ids:
                problems.append(((*qpath, "id"), _("question id '%(id)s' is used twice") % {"id": question.id}))
            question_ids.add(question.id)
            problems.extend(_question_problems(question, qpath))
            problems.extend(_tag_problems(question, qpath, threat_ids, drill_steps))
    return problems


def _tag_list_problems(catalog: Catalog) -> list[tuple[YamlPath, str]]:
    """Threat ids and drill steps appear once each; bands, when given, cover every risk level once."""
    problems: list[tuple[YamlPath, str]] = []
    for field, keys in (
        ("threats", [t.id for t in catalog.threats]),
        ("drill_steps", [d.step for d in catalog.drill_steps]),
        ("bands", [b.level for b in catalog.bands]),
    ):
        for index, key in enumerate(keys):
            if key in keys[:index]:
                message = _("'%(field)s' names '%(id)s' twice") % {"field": field, "id": key}
                problems.append(((field, index), message))
    levels = {b.level for b in catalog.bands}
    if catalog.bands and levels != {"low", "medium", "high", "critical"}:
        message = _("'bands' needs one entry for each level: low, medium, high, critical")
        problems.append((("bands",), message))
    return problems


def _tag_problems(
    question: Question, qpath: YamlPath, threat_ids: set[str], drill_steps: set[int]
) -> list[tuple[YamlPath, str]]:
    problems: list[tuple[YamlPath, str]] = []
    for t, threat in enumerate(question.threats):
        if threat not in threat_ids:
            message = _("question '%(question)s' names threat '%(id)s', which the bank's 'threats' lack")
            problems.append(((*qpath, "threats", t), message % {"question": question.id, "id": threat}))
    if question.drill_step is not None and drill_steps and question.drill_step not in drill_steps:
        message = _("question '%(question)s' names drill step %(id)s, which the bank's 'drill_steps' lack")
        problems.append(((*qpath, "drill_step"), message % {"question": question.id, "id": question.drill_step}))
    return problems


def _question_problems(question: Question, qpath: YamlPath) -> list[tuple[YamlPath, str]]:
    problems: list[tuple[YamlPath, str]] = []
    names = {"question": question.id}
    seen: set[str] = set()
    unknown = [o for o, option in enumerate(question.options) if option.unknown]
    for o, option in enumerate(question.options):
        opath: YamlPath = (*qpath, "options", o)
        if option.id in seen:
            message = _("option id '%(id)s' is used twice in question '%(question)s'")
            problems.append(((*opath, "id"), message % {**names, "id": option.id}))
        seen.add(option.id)
        if option.unknown and option.points > 0:
            message = _("the \"don't know\" option of question '%(question)s' must have 0 points or fewer")
            problems.append(((*opath, "points"), message % names))
        if not option.unknown and option.points < 0:
            field = _dotted((*opath, "points"))
            problems.append(
                ((*opath, "points"), _("'%(field)s' must be %(limit)s or more") % {"field": field, "limit": 0})
            )
        if option.not_applicable and (option.unknown or option.points != question.max_points):
            message = _(
                "the \"not applicable\" option of question '%(question)s' must carry the question's full points"
            )
            problems.append(((*opath, "points"), message % names))
    if not unknown:
        message = _("question '%(question)s' needs one option with 'unknown: true' (\"don't know\")")
        problems.append((qpath, message % names))
    for o in unknown[1:]:
        message = _("question '%(question)s' has more than one 'unknown: true' option")
        problems.append(((*qpath, "options", o, "unknown"), message % names))
    if question.max_points <= 0:
        message = _("question '%(question)s' needs an option worth more than 0 points")
        problems.append(((*qpath, "options"), message % names))
    return problems


def _texts(catalog: Catalog) -> list[tuple[YamlPath, Text]]:
    texts: list[tuple[YamlPath, Text]] = [
        (("title",), catalog.title),
        (("description",), catalog.description),
    ]
    texts += [(("threats", i, "title"), t.title) for i, t in enumerate(catalog.threats)]
    texts += [(("drill_steps", i, "title"), d.title) for i, d in enumerate(catalog.drill_steps)]
    for i, band in enumerate(catalog.bands):
        texts += [(("bands", i, key), getattr(band, key)) for key in ("title", "meaning", "next")]
    for s, section in enumerate(catalog.sections):
        base: YamlPath = ("sections", s)
        texts += [((*base, "title"), section.title), ((*base, "lesson"), section.lesson)]
        texts += [((*base, "steps", i, "text"), step.text) for i, step in enumerate(section.steps)]
        for q, question in enumerate(section.questions):
            qpath: YamlPath = (*base, "questions", q)
            texts.append(((*qpath, "text"), question.text))
            if question.action is not None:
                texts.append(((*qpath, "action"), question.action))
            texts += [((*qpath, "options", o, "label"), o_.label) for o, o_ in enumerate(question.options)]
    return texts


def _dotted(path: YamlPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


def _pydantic_message(error: Mapping[str, Any]) -> str:
    """Our own, translatable wording for the pydantic errors a bank editor meets."""
    ctx = error.get("ctx") or {}
    limit = next((ctx[key] for key in ("ge", "le", "min_length", "max_length") if key in ctx), "")
    values = {"field": _dotted(tuple(error["loc"])), "limit": limit, "choices": ctx.get("expected", "")}
    whole_number = _("'%(field)s' must be a whole number")
    mapping = _("'%(field)s' must be a mapping")
    messages = {
        "missing": _("'%(field)s' is required"),
        "extra_forbidden": _("unknown field '%(field)s'"),
        "int_type": whole_number,
        "int_parsing": whole_number,
        "int_from_float": whole_number,
        "greater_than_equal": _("'%(field)s' must be %(limit)s or more"),
        "less_than_equal": _("'%(field)s' must be %(limit)s or less"),
        "string_type": _("'%(field)s' must be text"),
        "string_pattern_mismatch": _("'%(field)s' may contain only lower-case letters, digits, '-' and '_'"),
        "string_too_long": _("'%(field)s' is longer than %(limit)s characters"),
        "too_short": _("'%(field)s' needs at least %(limit)s entries"),
        "too_long": _("'%(field)s' allows at most %(limit)s entries"),
        "literal_error": _("'%(field)s' must be one of: %(choices)s"),
        "list_type": _("'%(field)s' must be a list"),
        "dict_type": mapping,
        "model_type": mapping,
        "model_attributes_type": mapping,
        "bool_type": _("'%(field)s' must be true or false"),
    }
    if error["type"] in messages:
        return messages[error["type"]] % values
    return _("'%(field)s': %(problem)s") % {**values, "problem": error.get("msg", error["type"])}
