"""What other capabilities read about security: the latest self-check, its result, and the action plan.

Plain, cheap queries for the owner's report, evidence badges, the roadmap and the management review:
- `latest_selfcheck(org)`: the newest completed self-check (a Diagnosis of bank "security-selfcheck") or None.
- `recent_selfchecks(org)`: the 20 newest self-check rounds, completed or not, newest first.
- `selfcheck_result(diagnosis, lang)`: score per group, per drill step and per threat, band text, weakest staff
  practices (one re-scoring of 25 answers, plus one query for staff answers when enough staff responded).

What to do first, and by when, is the one ranking's (rashinban.nextsteps): nothing here orders the plan's items or
dates them (an item's stored date is where a person's change lands; the pages show the ranking's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rashinban.assessments.anonymity import released_responses
from rashinban.assessments.catalog import Catalog, Question, get_catalog, localized
from rashinban.assessments.models import Diagnosis
from rashinban.assessments.results import STAFF_MINIMUM
from rashinban.assessments.scoring import critical_gaps, level_for, overall_level, score
from rashinban.orgs.fastload import RowLoader
from rashinban.orgs.models import Organisation
from rashinban.orgs.tenancy import scoped
from rashinban.security.models import ActionItem, Status
from rashinban.security.plan import SELFCHECK, bank_action, source_question
from rashinban.security.staff import StaffPractice, weakest_practices


@dataclass(frozen=True)
class GroupScore:
    id: str
    title: str
    score: int
    level: str


@dataclass(frozen=True)
class StepScore:
    step: int
    title: str
    score: int
    level: str


@dataclass(frozen=True)
class ThreatExposure:
    id: str
    title: str
    score: int
    """How well the company is guarded (100 best)."""
    level: str
    exposure: int
    """100 - score: how open the company is to this threat."""


@dataclass(frozen=True)
class SelfCheckResult:
    diagnosis_id: int
    completed_at: object
    overall_score: int
    overall_level: str
    band_title: str
    band_meaning: str
    band_next: str
    groups: list[GroupScore]
    steps: list[StepScore]
    threats: list[ThreatExposure]
    staff_count: int
    staff_visible: bool
    weakest_staff_practices: list[StaffPractice]
    critical_gaps: list[str] = field(default_factory=list)
    """Short names of the critical questions not done (they keep the level above "low")."""

    @property
    def critical_note(self) -> str:
        """One sentence naming the critical gaps, or ""."""
        if not self.critical_gaps:
            return ""
        return _("Whatever the score, the risk cannot be low while these essentials are missing: %(gaps)s.") % {
            "gaps": _list_sep().join(self.critical_gaps)
        }


def _list_sep() -> str:
    return "、" if (get_language() or "ja").startswith("ja") else ", "


def selfcheck_catalog() -> Catalog:
    return get_catalog(SELFCHECK)


def selfchecks(organisation: Organisation) -> QuerySet[Diagnosis]:
    """All self-check rounds of the company, newest first."""
    return scoped(Diagnosis.objects.all(), organisation).filter(catalog_id=SELFCHECK).order_by("-created_at", "-id")


def recent_selfchecks(organisation: Organisation) -> list[Diagnosis]:
    """The 20 newest self-check rounds, newest first: what `selfchecks(organisation)[:20]` gives, read with SQL
    written once (the security plan's page asks on every view; tests/orgs/test_fastload.py compares them)."""
    return _RECENT_SELFCHECKS.rows(organisation.pk, SELFCHECK)


_RECENT_SELFCHECKS = RowLoader(
    Diagnosis, [("organisation", "="), ("catalog_id", "=")], order_by=("-created_at", "-id"), limit=20
)


def cached_level(diagnosis: Diagnosis) -> str:
    """The level of a completed self-check from its cached total, held above "low" by critical gaps."""
    gaps = critical_gaps(selfcheck_catalog(), diagnosis.management_answers, "management")
    return overall_level(diagnosis.overall, gaps)


def latest_selfcheck(organisation: Organisation, only: Sequence[str] = ()) -> Diagnosis | None:
    """The newest completed self-check, or None (one query); with `only`, just those fields are read.

    What `selfchecks(organisation).filter(completed_at__isnull=False).order_by("-completed_at", "-id")` would
    give first, read with SQL written once (orgs/fastload.py): the dashboard, the security plan and the report
    each ask on every page (tests/orgs/test_fastload.py holds it to that queryset)."""
    return _newest_selfcheck(tuple(only)).get(organisation.pk, SELFCHECK)


@cache
def _newest_selfcheck(only: tuple[str, ...]) -> RowLoader:
    return RowLoader(
        Diagnosis,
        [("organisation", "="), ("catalog_id", "="), ("completed_at", "IS NOT NULL")],
        fields=only,
        order_by=("-completed_at", "-id"),
        limit=1,
    )


def selfcheck_result(diagnosis: Diagnosis, lang: str = "ja") -> SelfCheckResult:
    """The result page's numbers for one completed self-check, in `lang`."""
    catalog = selfcheck_catalog()
    result = score(catalog, diagnosis.management_answers, lang=lang, audience="management")
    band = catalog.band(result.overall_level)
    titles = {s.id: localized(s.title, lang) for s in catalog.sections}
    steps = {d.step: localized(d.title, lang) for d in catalog.drill_steps}
    threats = {t.id: localized(t.title, lang) for t in catalog.threats}
    visible = diagnosis.staff_count >= STAFF_MINIMUM
    practices: list[StaffPractice] = []
    if visible:
        answers = [response.answers for response in released_responses(diagnosis)]
        practices = weakest_practices(catalog, answers, lang)
    return SelfCheckResult(
        diagnosis_id=diagnosis.pk,
        completed_at=diagnosis.completed_at,
        overall_score=result.overall_score,
        overall_level=result.overall_level,
        band_title=localized(band.title, lang) if band else "",
        band_meaning=localized(band.meaning, lang) if band else "",
        band_next=localized(band.next, lang) if band else "",
        groups=[GroupScore(s.id, titles[s.id], s.score, s.level) for s in result.sections],
        steps=[StepScore(s.step, steps.get(s.step, ""), s.score, level_for(s.score)) for s in result.steps],
        threats=[ThreatExposure(t.id, threats[t.id], t.score, t.level, 100 - t.score) for t in result.threats],
        staff_count=diagnosis.staff_count,
        staff_visible=visible,
        weakest_staff_practices=practices,
        critical_gaps=[_short(catalog.question(qid), lang) for qid in result.critical_gaps],
    )


def _short(question: Question | None, lang: str) -> str:
    if question is None:
        return ""
    return localized(question.short or question.text, lang)


def completed_by_question(organisation: Organisation) -> dict[str, ActionItem]:
    """Done self-check items by question id: the next self-check shows "reported done on DATE" beside them."""
    items = scoped(ActionItem.objects.all(), organisation).filter(source_catalog=SELFCHECK, status=Status.DONE)
    return {item.source_question: item for item in items}


def action_title(item: ActionItem, lang: str = "ja") -> str:
    """The question the item answers, as a title (e.g. "Are passwords long, ..."), in `lang`."""
    question = source_question(item.source_catalog, item.source_question)
    return localized(question.text, lang) if question else item.source_question


def action_instruction(item: ActionItem, lang: str = "ja") -> str:
    """What to do: the person's own wording if they edited it, else the bank's instruction in `lang`."""
    return item.instruction or localized(bank_action(item.source_catalog, item.source_question), lang)
