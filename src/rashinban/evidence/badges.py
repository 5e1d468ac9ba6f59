"""Evidence badges on the security self-check result: each answer that evidence backs or contradicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rashinban.evidence.registry import get_check
from rashinban.evidence.verdicts import Verdict, verdicts_for

SELFCHECK = "security-selfcheck"
CLAIMS_DONE = ("done", "partly")


@dataclass(frozen=True)
class EvidenceRow:
    question_id: str
    question: str
    answer: str  # the option's label, "" when unanswered
    claims_done: bool
    status: str  # "backed" | "contradicted" | "expired"
    checked_at: datetime
    check_name: str
    check_title: str  # English msgid
    finding_ids: tuple[str, ...]

    @property
    def badge(self) -> str:
        """backed | contradicted | agrees (evidence finds the gap the answer admits) | suggests-done | unproven
        (the evidence expired: check again)."""
        if self.status == "expired":
            return "unproven"
        if self.status == "contradicted":
            return "contradicted" if self.claims_done else "agrees"
        return "backed" if self.claims_done else "suggests-done"


def evidence_rows(organisation: Any, answers: dict[str, str], lang: str) -> list[EvidenceRow]:
    """One row per self-check question some evidence speaks to, in the bank's order."""
    from rashinban.assessments.catalog import builtin_catalogs, localized

    verdicts: dict[str, Verdict] = verdicts_for(organisation)
    if not verdicts:
        return []
    catalog = builtin_catalogs().get(SELFCHECK)
    if catalog is None:
        return []
    rows = []
    for _section, question in catalog.all_questions():
        verdict = verdicts.get(question.id)
        if verdict is None:
            continue
        chosen = answers.get(question.id, "")
        label = next((localized(o.label, lang) for o in question.options if o.id == chosen), "")
        check = get_check(verdict.check)
        rows.append(
            EvidenceRow(
                question.id,
                localized(question.text, lang),
                label,
                chosen in CLAIMS_DONE,
                verdict.status,
                verdict.checked_at,
                verdict.check,
                check.title if check else verdict.check,
                verdict.finding_ids,
            )
        )
    return rows
