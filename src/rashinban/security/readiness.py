"""How close a company is to IPA's SECURITY ACTION self-declaration. Pure: no Django models.

The facts of the two levels, in our own words: the one-star level is a declaration that the company
works on five basic rules (keep OS and software updated, use anti-malware, make passwords strong,
review sharing settings, keep up with threats). The two-star level asks that the company has done IPA's
own sheet 「5分でできる!情報セキュリティ自社診断」 and has written down and published a basic security policy.

Our security self-check (自社チェック) is our own set of questions, informed by IPA's sheet: it prepares for
★★ but never counts as IPA's sheet. The owner records having done IPA's sheet (date, score) and that
record is what meets the requirement (facts: security-action-two-star, ipa-self-diagnosis).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rashinban.assessments.catalog import Catalog

# The self-check questions that match the five basic rules of the one-star level.
ONE_STAR_QUESTIONS = ("basic-updates", "basic-antimalware", "basic-passwords", "basic-sharing", "basic-threats")
POLICY_QUESTION = "org-policy"
MET, MISSING, UNKNOWN = "met", "missing", "unknown"


@dataclass(frozen=True)
class Requirement:
    key: str
    """A self-check question id, or "ipa-self-diagnosis" / "policy-published" for the two-star facts."""
    state: str
    """"met", "missing", or "unknown" (no self-check yet, or answered "don't know")."""


@dataclass(frozen=True)
class Readiness:
    one_star: list[Requirement]
    two_star: list[Requirement]
    selfcheck_done: bool = False
    """Our own self-check has been answered: a preparation for IPA's sheet, never a requirement met."""

    @property
    def one_star_ready(self) -> bool:
        return all(r.state == MET for r in self.one_star)

    @property
    def two_star_ready(self) -> bool:
        return self.one_star_ready and all(r.state == MET for r in self.two_star)


def _state(catalog: Catalog, answers: Mapping[str, str] | None, qid: str) -> str:
    question = catalog.question(qid)
    if answers is None or question is None or not answers.get(qid):
        return UNKNOWN
    option = question.option(answers[qid])
    if option is None or option.unknown:
        return UNKNOWN
    return MET if option.points >= question.max_points else MISSING


def readiness(
    catalog: Catalog,
    answers: Mapping[str, str] | None,
    policy_published: bool | None = None,
    ipa_diagnosis_done: bool = False,
) -> Readiness:
    """Readiness from the latest self-check's answers (None: no self-check yet).

    `ipa_diagnosis_done`: the owner has recorded doing IPA's own sheet (security.IpaSelfDiagnosis). Only
    that meets the two-star self-diagnosis requirement; our own self-check does not.

    `policy_published` comes from the documents capability once it exists; until then None, and the
    policy requirement reads the self-check's answer on the written policy instead.
    """
    one_star = [Requirement(qid, _state(catalog, answers, qid)) for qid in ONE_STAR_QUESTIONS]
    ipa_sheet = Requirement("ipa-self-diagnosis", MET if ipa_diagnosis_done else MISSING)
    if policy_published is not None:
        policy = Requirement("policy-published", MET if policy_published else MISSING)
    else:
        policy = Requirement("policy-published", _state(catalog, answers, POLICY_QUESTION))
    return Readiness(one_star, [ipa_sheet, policy], selfcheck_done=answers is not None)
