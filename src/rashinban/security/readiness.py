"""How close a company is to IPA's SECURITY ACTION self-declaration. Pure: no Django models.

The facts of the two levels, in our own words: the one-star level is a declaration that the company
works on five basic rules (keep OS and software updated, use anti-malware, make passwords strong,
review sharing settings, keep up with threats). The two-star level asks that the company has checked
its own state with a self-diagnosis and has written down and published a basic security policy.
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
    """A self-check question id, or "selfcheck" / "policy-published" for the two-star facts."""
    state: str
    """"met", "missing", or "unknown" (no self-check yet, or answered "don't know")."""


@dataclass(frozen=True)
class Readiness:
    one_star: list[Requirement]
    two_star: list[Requirement]

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


def readiness(catalog: Catalog, answers: Mapping[str, str] | None, policy_published: bool | None = None) -> Readiness:
    """Readiness from the latest self-check's answers (None: no self-check yet).

    `policy_published` comes from the documents capability once it exists; until then None, and the
    policy requirement reads the self-check's answer on the written policy instead.
    """
    one_star = [Requirement(qid, _state(catalog, answers, qid)) for qid in ONE_STAR_QUESTIONS]
    selfcheck = Requirement("selfcheck", MET if answers is not None else MISSING)
    if policy_published is not None:
        policy = Requirement("policy-published", MET if policy_published else MISSING)
    else:
        policy = Requirement("policy-published", _state(catalog, answers, POLICY_QUESTION))
    return Readiness(one_star, [selfcheck, policy])
