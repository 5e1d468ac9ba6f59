"""A company's readiness for one framework (準備状況). Pure: plain data in, plain data out, no Django model.

Each mapped item of ours reads as one of:

    proven       evidence within its validity: a fresh check run without a failing finding, a self-check answer
                 that a fresh check backs, a published document, a lesson completed or a drill finished within
                 a year, a record dated within a year
    claimed      answered "done" in the latest security self-check, not proven
    contradicted a fresh check run speaks against it
    missing      none of the above

A requirement is then `not-applicable` when the company recorded that with a reason; otherwise it takes the best
of its fully covering items, or when it has only partial items, the weakest of them (all the parts are needed);
when it has both, the better of the two. Any contradicted item makes it `missing`: evidence beats a claim.
A requirement with no mapped item is `missing` (nothing of ours shows it).

`ready` needs every applicable requirement at the framework's `proof`: "claimed" for self-assessed frameworks
(SECURITY ACTION, METI ★3), "proven" where a third party looks (METI ★4, ISO/IEC 27001).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rashinban.assessments.catalog import Catalog
from rashinban.frameworks.library import Framework, Requirement

PROVEN, CLAIMED, CONTRADICTED, MISSING, NOT_APPLICABLE = (
    "proven",
    "claimed",
    "contradicted",
    "missing",
    "not-applicable",
)
RANK = {MISSING: 0, CLAIMED: 1, PROVEN: 2}
YEAR = timedelta(days=365)


@dataclass(frozen=True)
class CheckState:
    checked_at: datetime
    days: int
    failed: bool


@dataclass(frozen=True)
class CompanyState:
    """What readiness reads of one company."""

    now: datetime
    catalog: Catalog | None = None
    answers: Mapping[str, str] | None = None
    """The latest security self-check's answers (None: no self-check yet)."""
    answered_at: datetime | None = None
    """When that self-check was completed."""
    verdicts: Mapping[str, str] = field(default_factory=dict)
    """Self-check question id -> "backed" | "contradicted" from fresh evidence (evidence.verdicts)."""
    checks: Mapping[str, CheckState] = field(default_factory=dict)
    documents: Mapping[str, datetime] = field(default_factory=dict)
    """Document kind -> when its current version was published."""
    lessons: Mapping[str, datetime] = field(default_factory=dict)
    """Lesson id -> the latest completion by anyone."""
    drills: Mapping[str, datetime] = field(default_factory=dict)
    """"phishing" -> when the latest drill finished."""
    records: Mapping[str, datetime] = field(default_factory=dict)
    not_applicable: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """(framework id, requirement id) -> the reason recorded."""


@dataclass(frozen=True)
class ItemState:
    item: str
    coverage: str
    status: str
    at: datetime | None = None
    """When the proof or the answer was made."""


@dataclass(frozen=True)
class RequirementReadiness:
    requirement: Requirement
    status: str
    items: tuple[ItemState, ...] = ()
    reason: str = ""

    @property
    def by(self) -> list[str]:
        """The items that carry the status (those proven or claimed)."""
        return [i.item for i in self.items if i.status in (PROVEN, CLAIMED)]


@dataclass(frozen=True)
class LevelReadiness:
    level: str
    ready: bool
    missing: list[str]


@dataclass(frozen=True)
class Readiness:
    framework: Framework
    requirements: list[RequirementReadiness]
    levels: list[LevelReadiness]

    @property
    def missing(self) -> list[str]:
        return [r.requirement.id for r in self.requirements if not meets(r.status, self.framework.proof)]

    @property
    def ready(self) -> bool:
        return not self.missing

    def counts(self) -> dict[str, int]:
        found = {PROVEN: 0, CLAIMED: 0, MISSING: 0, NOT_APPLICABLE: 0}
        for r in self.requirements:
            found[r.status] += 1
        return found

    def to_json(self) -> dict:
        out = {
            "framework": self.framework.id,
            "ready": self.ready,
            "requirements": [
                {"id": r.requirement.id, "status": r.status, "by": r.by}
                | ({"reason": r.reason} if r.status == NOT_APPLICABLE else {})
                for r in self.requirements
            ],
            "missing": self.missing,
        }
        if self.framework.levels:
            out["levels"] = [{"level": lv.level, "ready": lv.ready, "missing": lv.missing} for lv in self.levels]
        return out


def meets(status: str, proof: str) -> bool:
    if status == NOT_APPLICABLE:
        return True
    return RANK.get(status, 0) >= RANK[proof]


def item_state(item: str, coverage: str, state: CompanyState) -> ItemState:
    kind, _sep, key = item.partition(":")
    now = state.now
    if kind == "question":
        return _question(item, coverage, key, state)
    if kind == "check":
        run = state.checks.get(key)
        if run is None or now - run.checked_at > timedelta(days=run.days):
            return ItemState(item, coverage, MISSING)
        return ItemState(item, coverage, CONTRADICTED if run.failed else PROVEN, run.checked_at)
    dated = {"document": state.documents, "training": state.lessons, "drill": state.drills, "record": state.records}
    at = dated.get(kind, {}).get(key)
    if at is None or (kind != "document" and now - at > YEAR):
        return ItemState(item, coverage, MISSING)
    return ItemState(item, coverage, PROVEN, at)


def _question(item: str, coverage: str, qid: str, state: CompanyState) -> ItemState:
    verdict = state.verdicts.get(qid)
    if verdict == "contradicted":
        return ItemState(item, coverage, CONTRADICTED)
    if state.answers is None or state.catalog is None:
        return ItemState(item, coverage, MISSING)
    question = state.catalog.question(qid)
    option = question.option(state.answers.get(qid, "")) if question else None
    if question is None or option is None or option.unknown or option.points < question.max_points:
        return ItemState(item, coverage, MISSING)
    return ItemState(item, coverage, PROVEN if verdict == "backed" else CLAIMED)


def requirement_status(items: list[ItemState]) -> str:
    if not items or any(i.status == CONTRADICTED for i in items):
        return MISSING
    full = [RANK[i.status] for i in items if i.coverage == "full"]
    partial = [RANK[i.status] for i in items if i.coverage == "partial"]
    if full and partial:
        best = max(max(full), min(partial))
    elif full:
        best = max(full)
    else:
        best = min(partial)
    inverse = {v: k for k, v in RANK.items()}
    return inverse[best]


def readiness(framework: Framework, state: CompanyState) -> Readiness:
    found = []
    for req in framework.requirements:
        reason = state.not_applicable.get((framework.id, req.id))
        items = tuple(item_state(m.item, m.coverage, state) for m in req.by)
        if reason:
            found.append(RequirementReadiness(req, NOT_APPLICABLE, items, reason))
        else:
            found.append(RequirementReadiness(req, requirement_status(list(items)), items))
    levels = []
    for i, level in enumerate(framework.levels):
        upto = {lv.id for lv in framework.levels[: i + 1]}
        missing = [
            r.requirement.id for r in found if r.requirement.level in upto and not meets(r.status, framework.proof)
        ]
        levels.append(LevelReadiness(level.id, not missing, missing))
    return Readiness(framework, found, levels)
