"""Draft answers to a customer's questions from what the company has in Rashinban, with a confidence and the source.

For the matched topic (a self-check question), the strongest thing we hold decides the draft:
    a record within its validity (a check run, a published document, a drill or lesson within a year)  -> yes, proven
    the latest self-check answered "done"                                                                -> yes, as self-assessed
    answered as not done                                                                                 -> no, being worked on
    a fresh record that speaks against the answer                                                        -> partly, being checked
    nothing answered yet                                                                                 -> no draft
confidence = the match's score x how strong the basis is (STRENGTH). The owner confirms or edits every draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rashinban.frameworks.items import item_title
from rashinban.frameworks.readiness import CLAIMED, CONTRADICTED, MISSING, PROVEN, CompanyState, item_state
from rashinban.i18n import gettext_in, gettext_noop
from rashinban.questionnaires.matching import Match, default_matcher

# Records that show the same thing as a self-check question (the mappings of the frameworks say the same).
RELATED = {
    "org-policy": ("document:policy",),
    "org-incident": ("document:plan", "document:card"),
    "org-training": ("drill:phishing", "training:targeted-mail", "training:fake-login"),
    "staff-mail": ("drill:phishing", "training:targeted-mail"),
    "staff-report": ("training:report-it",),
    "org-backups": ("check:backups",),
    "basic-updates": ("check:devices",),
    "org-assets": ("check:devices",),
    "org-access-rights": ("check:accounts",),
    "org-mail-spoofing": ("check:mail-domain",),
    "basic-passwords": ("check:password-policy",),
}
STRENGTH = {PROVEN: 1.0, CLAIMED: 0.85, MISSING: 0.7, CONTRADICTED: 0.5}
YES_PROVEN = gettext_noop("Yes. Confirmed by %(record)s (%(date)s).")
YES_CLAIMED = gettext_noop("Yes (self-assessed in our security check of %(date)s).")
NO = gettext_noop("Not yet; we are working on it.")
PARTLY = gettext_noop("Partly; we are checking it.")
SELFCHECK_NAME = gettext_noop("Security self-check")


@dataclass(frozen=True)
class Draft:
    row: int
    question: str
    topic: str | None
    topic_title: str
    requirements: list[str]
    answer: str
    confidence: float
    source: str
    terms: tuple[str, ...] = ()
    status: str = ""
    existing: str = ""
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "row": self.row,
            "question": self.question,
            "matched": self.topic,
            "matched_title": self.topic_title,
            "requirements": self.requirements,
            "why": list(self.terms),
            "answer": self.answer,
            "confidence": self.confidence,
            "source": self.source,
        }


def requirements_for(item: str) -> list[str]:
    """The framework requirements an item of ours covers, as "framework-id requirement-id"."""
    from rashinban.frameworks.library import builtin_frameworks

    return [
        f"{f.id} {r.id}"
        for f in builtin_frameworks().values()
        for r in f.requirements
        if any(m.item == item for m in r.by)
    ]


def _day(at) -> str:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.localtime(at).date().isoformat() if at else ""


def draft_for(row: int, question: str, state: CompanyState, lang: str = "ja") -> Draft:
    found: Match = default_matcher().match(question)
    if found.topic is None:
        return Draft(row, question, None, "", [], "", 0.0, "", found.terms)
    qid = found.topic.partition(":")[2]
    title = item_title(found.topic, lang)
    requirements = requirements_for(found.topic)
    own = item_state(found.topic, "full", state)
    proofs = [item_state(item, "full", state) for item in RELATED.get(qid, ())]
    proof = next((p for p in proofs if p.status == PROVEN), None)
    if own.status == CONTRADICTED:
        status, answer, source = CONTRADICTED, gettext_in(lang, PARTLY), title
    elif own.status == PROVEN or proof is not None:
        basis = proof or own
        record = item_title(basis.item, lang)
        status = PROVEN
        answer = gettext_in(lang, YES_PROVEN) % {"record": record, "date": _day(basis.at)}
        source = f"{record} {_day(basis.at)}"
    elif own.status == CLAIMED:
        status = CLAIMED
        answer = gettext_in(lang, YES_CLAIMED) % {"date": _day(state.answered_at)}
        source = f"{gettext_in(lang, SELFCHECK_NAME)} {_day(state.answered_at)}"
    elif state.answers is not None and state.answers.get(qid):
        status, answer = MISSING, gettext_in(lang, NO)
        source = f"{gettext_in(lang, SELFCHECK_NAME)} {_day(state.answered_at)}"
    else:
        return Draft(row, question, found.topic, title, requirements, "", 0.0, "", found.terms)
    confidence = round(found.score * STRENGTH[status], 2)
    return Draft(row, question, found.topic, title, requirements, answer, confidence, source, found.terms, status)
