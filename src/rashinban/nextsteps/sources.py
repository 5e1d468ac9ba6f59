"""Candidate steps from every source, computed from a company's plain data (`CompanyData`); no database.

- DX diagnosis: the steps of each weak failure pattern (fewer for a medium pattern, all for a critical one),
  scored by the worse of management's and staff's view; pattern 7's questions feed the security steps.
- Security self-check: one step per answer short of done, weighted by the harm the gap invites (steps.yaml);
  staff answers to the same question count when they are worse.
- Evidence: a check that contradicts an answer raises its step (and brings back a step marked done before).
- Evidence past its validity period (evidence/freshness.py): a "check again" step per check.
- Plan: PoC decisions due, trials without a decision date, initiatives without a KPI, KPIs off track or late.
- Documents: a policy or incident plan not yet published, or published with blanks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction

from rashinban.assessments.catalog import Catalog, Question, Text, get_catalog
from rashinban.assessments.scoring import level_for
from rashinban.nextsteps import texts
from rashinban.nextsteps.content import Kind, content, dx_step_kind, security_kind
from rashinban.nextsteps.model import (
    DOCUMENTS,
    DX_DIAGNOSIS,
    EVIDENCE,
    PLAN,
    SECURITY_CHECK,
    STAFF_SURVEY,
    Candidate,
)
from rashinban.security.plan import DX_RISK_SECTION, SELFCHECK, distance_from_done, dx_links

# How many of a weak pattern's open steps are on the list at a time, by the pattern's level (its worse view):
# the next step shows once one is done.
DX_STEPS_BY_LEVEL = {"critical": 2, "high": 1, "medium": 1, "low": 0}
# A difference this large between management and staff is worth talking about (assessments.results).
GAP_THRESHOLD = 20
# An answer that evidence contradicts counts as at least half undone, whatever it says.
CONTRADICTED_DISTANCE = Fraction(1, 2)
EVIDENCE_BOOST = Fraction(3, 2)
# Risk of plan steps: a PoC decision overdue, due within two weeks, later.
GATE_RISK = {"overdue": 70, "soon": 60, "later": 30}
GATE_SOON = timedelta(days=14)
DOCUMENT_ONLY_DISTANCE = Fraction(1, 2)
# Staff's answers count once they are on average at least half undone.
STAFF_FLOOR = Fraction(1, 2)


@dataclass(frozen=True)
class DxRound:
    catalog: Catalog
    completed_at: datetime
    answers: Mapping[str, str]
    sections: Mapping[str, int]
    staff_sections: Mapping[str, int] | None = None
    """Staff's section scores, only once enough staff answered for anonymity."""


@dataclass(frozen=True)
class SelfCheckRound:
    completed_at: datetime
    answers: Mapping[str, str]
    staff_answers: Sequence[Mapping[str, str]] = ()
    """Staff's answers, only once enough staff answered for anonymity."""


@dataclass(frozen=True)
class Verdict:
    status: str  # "contradicted" | "backed" | "expired" (older than its validity period: the answer is unproven)
    checked_at: datetime
    check: Text
    check_name: str = ""  # the evidence check ("accounts"), for the "check again" step and its link


@dataclass(frozen=True)
class Kpi:
    id: int
    name: str
    status: str  # planning.status codes
    value: float | None = None
    expected: float | None = None
    latest_on: date | None = None
    next_due: date | None = None


@dataclass(frozen=True)
class Gate:
    id: int
    initiative: str
    decide_by: date


@dataclass(frozen=True)
class Initiative:
    id: int
    title: str
    stage: str
    kpis: int
    gates: int


@dataclass(frozen=True)
class Document:
    kind: str  # policy | plan | card
    title: Text
    published: bool
    blanks: bool = False


@dataclass(frozen=True)
class CompanyData:
    dx: DxRound | None = None
    selfcheck: SelfCheckRound | None = None
    verdicts: Mapping[str, Verdict] = field(default_factory=dict)
    instructions: Mapping[str, str] = field(default_factory=dict)
    """A person's own wording of a security step, by question id."""
    kpis: Sequence[Kpi] = ()
    gates: Sequence[Gate] = ()
    initiatives: Sequence[Initiative] = ()
    documents: Mapping[str, Document] = field(default_factory=dict)


def candidates(data: CompanyData, today: date) -> list[Candidate]:
    """Every source's candidates; the ranking merges those with the same id."""
    found = _starts(data)
    found += security_candidates(data)
    found += dx_candidates(data)
    found += document_candidates(data)
    found += evidence_candidates(data)
    found += plan_candidates(data, today)
    return found


# ---------------------------------------------------------------- diagnoses not done yet


def _starts(data: CompanyData) -> list[Candidate]:
    found = []
    if data.selfcheck is None:
        kind = security_kind("selfcheck")
        found.append(
            Candidate(
                "security:selfcheck",
                (SECURITY_CHECK,),
                texts.both(texts.START_SELFCHECK),
                Fraction(kind.weight),
                kind.effort,
                kind.roles,
                (texts.both(texts.NO_SELFCHECK),),
                ref=("selfcheck", ""),
            )
        )
    if data.dx is None:
        kind = content().start["dx"]
        found.append(
            Candidate(
                "dx:start",
                (DX_DIAGNOSIS,),
                texts.both(texts.START_DX),
                Fraction(kind.weight),
                kind.effort,
                kind.roles,
                (texts.both(texts.NO_DX),),
                ref=("diagnosis", ""),
            )
        )
    return found


# ---------------------------------------------------------------- the security self-check and its evidence


def _staff_distance(
    question: Question, answers: Mapping[str, str], staff_answers: Sequence[Mapping[str, str]]
) -> Fraction:
    """How far staff's answers are from done on average; counted from half undone on, and not where management
    says the question does not apply to the company (staff then describe something the company does not use)."""
    chosen = question.option(answers.get(question.id) or "")
    if "staff" not in question.audience or not staff_answers or (chosen is not None and chosen.not_applicable):
        return Fraction(0)
    mean = Fraction(sum(distance_from_done(question, given) for given in staff_answers), len(staff_answers))
    return mean if mean >= STAFF_FLOOR else Fraction(0)


def security_candidates(data: CompanyData) -> list[Candidate]:
    """One step per self-check question short of done (or contradicted by evidence)."""
    if data.selfcheck is None:
        return []
    catalog = get_catalog(SELFCHECK)
    threats = {t.id: dict(t.title) for t in catalog.threats}
    steps = {d.step: dict(d.title) for d in catalog.drill_steps}
    when = data.selfcheck.completed_at.date()
    found = []
    for _section, question in catalog.questions_for("management"):
        own = distance_from_done(question, data.selfcheck.answers)
        staff = _staff_distance(question, data.selfcheck.answers, data.selfcheck.staff_answers)
        verdict = data.verdicts.get(question.id)
        contradicted = verdict is not None and verdict.status == "contradicted"
        distance = max(own, staff, CONTRADICTED_DISTANCE if contradicted else Fraction(0))
        if distance <= 0:
            continue
        kind = security_kind(question.id)
        sources: tuple[str, ...] = (SECURITY_CHECK,)
        reasons = []
        chosen = question.option(data.selfcheck.answers.get(question.id) or "")
        if chosen is None or chosen.unknown:
            reasons.append(texts.both(texts.DONT_KNOW))
        else:
            reasons.append(texts.both(texts.ANSWERED, date=when, answer=dict(chosen.label)))
        if staff > own:
            sources += (STAFF_SURVEY,)
            reasons.append(texts.both(texts.STAFF_WORSE))
        called_for = data.selfcheck.completed_at if max(own, staff) > 0 else None
        if contradicted:
            assert verdict is not None
            sources += (EVIDENCE,)
            reasons.insert(0, texts.both(texts.CONTRADICTED, check=verdict.check, date=verdict.checked_at.date()))
            called_for = max(filter(None, [called_for, verdict.checked_at]))
        if question.threats:
            reasons.append(texts.both(texts.GUARDS, threats=[threats[t] for t in question.threats if t in threats]))
        own_words = data.instructions.get(question.id)
        title = {"ja": own_words, "en": own_words} if own_words else dict(question.action or question.text)
        found.append(
            Candidate(
                f"security:{question.id}",
                sources,
                title,
                kind.weight * distance,
                kind.effort,
                kind.roles,
                tuple(reasons),
                boost=EVIDENCE_BOOST if contradicted else Fraction(1),
                called_for_at=called_for,
                area=steps.get(question.drill_step or 1, {}),
                detail=dict(question.text),
                ref=("security", question.id),
            )
        )
    return found


# ---------------------------------------------------------------- the DX diagnosis


def _pattern_reasons(dx: DxRound, section_id: str, title: Text) -> tuple[list[Text], bool, int]:
    """(reasons, staff see a critical risk management does not, the worse of the two scores)."""
    management = dx.sections[section_id]
    staff = (dx.staff_sections or {}).get(section_id)
    worst = management if staff is None else min(management, staff)
    when = dx.completed_at.date()
    reasons = [
        texts.both(
            texts.DX_PATTERN, pattern=title, score=management, date=when, level=texts.level(level_for(management))
        )
    ]
    gap = staff is not None and level_for(staff) == "critical" and level_for(management) != "critical"
    if staff is not None and (management - staff >= GAP_THRESHOLD or gap):
        reasons.insert(0, texts.both(texts.STAFF_SEE_IT_DIFFERENTLY, staff=staff, management=management))
    return reasons, gap, worst


def dx_candidates(data: CompanyData) -> list[Candidate]:
    """The first steps of each weak pattern, and the security steps pattern 7's questions point to."""
    dx = data.dx
    if dx is None:
        return []
    found = _pattern7_questions(data)
    for section in dx.catalog.sections:
        if section.id not in dx.sections:
            continue
        title = dict(section.title)
        reasons, gap, worst = _pattern_reasons(dx, section.id, title)
        count = DX_STEPS_BY_LEVEL[level_for(worst)]
        if not count:
            continue
        sources = (DX_DIAGNOSIS,) if worst == dx.sections[section.id] else (DX_DIAGNOSIS, STAFF_SURVEY)
        previous = None
        for index, step in enumerate(section.steps, start=1):
            kind = dx_step_kind(section.id, index)
            if kind.same_as:
                found.append(_supporting(kind.same_as, dx, title))
                continue
            step_id = f"dx:{section.id}:{index}"
            found.append(
                Candidate(
                    step_id,
                    sources,
                    dict(step.text),
                    Fraction(100 - worst),
                    kind.effort,
                    kind.roles,
                    tuple(reasons),
                    after=previous,
                    area=title,
                    detail=dict(section.lesson),
                    staff_gap=gap,
                    ref=("dx", section.id),
                    chain=(section.id, count),
                )
            )
            previous = step_id
    return found


def _supporting(step_id: str, dx: DxRound, pattern: Text) -> Candidate:
    reason = texts.both(texts.DX_SAYS_SO_TOO, date=dx.completed_at.date(), pattern=pattern)
    return Candidate(step_id, (DX_DIAGNOSIS,), {}, Fraction(0), reasons=(reason,), supporting=True)


def _pattern7_questions(data: CompanyData) -> list[Candidate]:
    """Weak answers of pattern 7: a self-check twin's step (on its own while there is no self-check), or a step."""
    dx = data.dx
    assert dx is not None
    section = next((s for s in dx.catalog.sections if s.id == DX_RISK_SECTION), None)
    if section is None:
        return []
    selfcheck = get_catalog(SELFCHECK)
    pattern = dict(section.title)
    found = []
    for question in section.questions:
        link = dx_links().get(question.id)
        distance = distance_from_done(question, dx.answers)
        if link is None or distance <= 0:
            continue
        if link.same_as and data.selfcheck is not None:
            found.append(_supporting(f"security:{link.same_as}", dx, pattern))
            continue
        twin = selfcheck.question(link.same_as) if link.same_as else None
        kind = security_kind(link.same_as) if link.same_as else content().dx_risk.get(question.id)
        if kind is None:
            continue
        action = (twin.action if twin else link.action) or {}
        chosen = question.option(dx.answers.get(question.id) or "")
        if chosen is None or chosen.unknown:
            reason = texts.both(texts.DONT_KNOW)
        else:
            reason = texts.both(texts.DX_ANSWERED, date=dx.completed_at.date(), answer=dict(chosen.label))
        step_id = f"security:{link.same_as}" if link.same_as else f"dx-risk:{question.id}"
        found.append(
            Candidate(
                step_id,
                (DX_DIAGNOSIS,),
                dict(action),
                kind.weight * distance,
                kind.effort,
                kind.roles,
                (reason,),
                area=pattern,
                detail=dict(question.text),
                ref=("security", link.same_as) if link.same_as else ("dx", section.id),
            )
        )
    return found


# ---------------------------------------------------------------- documents


def document_candidates(data: CompanyData) -> list[Candidate]:
    found = []
    for kind_id, title, reason in (
        ("policy", texts.PUBLISH_POLICY, texts.POLICY_UNPUBLISHED),
        ("plan", texts.PUBLISH_PLAN, texts.PLAN_UNPUBLISHED),
    ):
        document = data.documents.get(kind_id)
        if document is None or document.published:
            continue
        kind = content().documents[kind_id]
        assert kind.same_as
        twin = security_kind(kind.same_as.split(":", 1)[1])
        found.append(
            Candidate(
                kind.same_as,
                (DOCUMENTS,),
                texts.both(title),
                twin.weight * DOCUMENT_ONLY_DISTANCE,
                twin.effort,
                twin.roles,
                (texts.both(reason),),
                ref=("document", kind_id),
            )
        )
    blanks = content().documents["blanks"]
    for document in data.documents.values():
        if document.published and document.blanks:
            found.append(
                Candidate(
                    f"documents:{document.kind}:blanks",
                    (DOCUMENTS,),
                    texts.both(texts.FILL_BLANKS, document=document.title),
                    Fraction(blanks.weight),
                    blanks.effort,
                    blanks.roles,
                    (texts.both(texts.HAS_BLANKS),),
                    ref=("document", document.kind),
                )
            )
    return found


# ---------------------------------------------------------------- evidence past its validity period


def evidence_candidates(data: CompanyData) -> list[Candidate]:
    """One "check again" step per evidence check whose latest run has expired (evidence/freshness.py)."""
    kind = content().evidence.get("recheck") or Kind(weight=40, effort=1, roles=("owner",))
    expired: dict[str, Verdict] = {}
    for verdict in data.verdicts.values():
        if verdict.status == "expired" and verdict.check_name:
            known = expired.get(verdict.check_name)
            if known is None or verdict.checked_at > known.checked_at:
                expired[verdict.check_name] = verdict
    return [
        Candidate(
            f"evidence:recheck:{check_name}",
            (EVIDENCE,),
            texts.both(texts.RECHECK, check=verdict.check),
            Fraction(kind.weight),
            kind.effort,
            kind.roles,
            (texts.both(texts.EVIDENCE_EXPIRED, date=verdict.checked_at.date()),),
            called_for_at=verdict.checked_at,
            ref=("evidence", check_name),
        )
        for check_name, verdict in sorted(expired.items())
    ]


# ---------------------------------------------------------------- the plan


def plan_candidates(data: CompanyData, today: date) -> list[Candidate]:
    kinds = content().plan
    found = []
    for gate in data.gates:
        when = "overdue" if gate.decide_by < today else "soon" if gate.decide_by <= today + GATE_SOON else "later"
        reason = texts.GATE_OVERDUE if when == "overdue" else texts.GATE_DUE
        found.append(
            Candidate(
                f"plan:gate:{gate.id}",
                (PLAN,),
                texts.both(texts.DECIDE_GATE, initiative=gate.initiative),
                Fraction(GATE_RISK[when]),
                kinds["gate"].effort,
                kinds["gate"].roles,
                (texts.both(reason, date=gate.decide_by),),
                fixed_due=gate.decide_by,
                ref=("gate", str(gate.id)),
            )
        )
    for initiative in data.initiatives:
        if initiative.stage == "poc" and not initiative.gates:
            found.append(_plan_step(f"plan:initiative:{initiative.id}:gate", "gate-missing", texts.SET_GATE,
                                    texts.NO_GATE, initiative))  # fmt: skip
        if initiative.stage in ("idea", "poc", "rollout") and not initiative.kpis:
            found.append(_plan_step(f"plan:initiative:{initiative.id}:kpi", "kpi-missing", texts.SET_KPI,
                                    texts.NO_KPI, initiative))  # fmt: skip
    for kpi in data.kpis:
        if kpi.status == "off_track" and kpi.latest_on is not None:
            # The date is part of the id: a step marked done comes back with the next value still off track.
            kind = kinds["kpi-off-track"]
            reason = texts.both(texts.OFF_TRACK, value=_number(kpi.value), date=kpi.latest_on,
                                expected=_number(kpi.expected))  # fmt: skip
            found.append(_kpi_step(f"plan:kpi:{kpi.id}:off-track:{kpi.latest_on}", kind, texts.KPI_OFF_TRACK, kpi,
                                   reason))  # fmt: skip
        elif kpi.status == "overdue" and kpi.next_due is not None:
            kind = kinds["kpi-overdue"]
            since = kpi.latest_on or kpi.next_due
            reason = texts.both(texts.MEASUREMENT_OVERDUE, date=since, due=kpi.next_due)
            found.append(_kpi_step(f"plan:kpi:{kpi.id}:overdue:{kpi.next_due}", kind, texts.KPI_OVERDUE, kpi, reason))
    return found


def _plan_step(step_id: str, kind_id: str, title: str, reason: str, initiative: Initiative) -> Candidate:
    kind = content().plan[kind_id]
    return Candidate(
        step_id,
        (PLAN,),
        texts.both(title, initiative=initiative.title),
        Fraction(kind.weight),
        kind.effort,
        kind.roles,
        (texts.both(reason),),
        ref=("initiative", str(initiative.id)),
    )


def _kpi_step(step_id: str, kind, title: str, kpi: Kpi, reason: Text) -> Candidate:  # type: ignore[no-untyped-def]
    return Candidate(
        step_id,
        (PLAN,),
        texts.both(title, kpi=kpi.name),
        Fraction(kind.weight),
        kind.effort,
        kind.roles,
        (reason,),
        ref=("kpi", str(kpi.id)),
    )


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"
