"""Candidate steps from the frameworks a company aims for (SECURITY ACTION, METI ★3/★4, ...): one per requirement
not met yet, with the requirement as its source. Pure: plain data in, candidates out.

When another source already calls for the work that would meet the requirement (the self-check step of a mapped
question not done yet, the step to publish a mapped document), the framework only adds itself as a source and a
reason to those steps (supporting candidates), so the same work is never on the list twice. Otherwise (the proof
is missing, or nothing else asks for it) the requirement becomes its own step, `framework:<framework>:<requirement>`.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from fractions import Fraction

from rashinban.i18n import gettext_noop
from rashinban.nextsteps import texts
from rashinban.nextsteps.model import FRAMEWORK, Candidate, Text

# A customer's requirement weighs like a medium risk: it can cost the business, it is rarely an open door.
RISK = Fraction(50)
EFFORT = 2

MEET = gettext_noop("%(framework)s %(requirement)s: %(summary)s")
ASKED = gettext_noop("Needed for %(framework)s (requirement %(requirement)s), which you aim for; not met yet.")
PROVE = gettext_noop(
    "Needed for %(framework)s (requirement %(requirement)s): answered as done, but an evaluator asks for proof."
)


@dataclass(frozen=True)
class FrameworkGap:
    framework_id: str
    framework_title: Text
    requirement_id: str
    summary: Text
    status: str
    """"missing" or "claimed" (answered but not proven where proof is needed)."""
    covering: tuple[str, ...] = ()
    """Ids of steps other sources may make for the mapped items not met (security:<question>, ...)."""


def framework_candidates(gaps: Sequence[FrameworkGap], called_for: Set[str]) -> list[Candidate]:
    """`called_for`: the ids of the steps the other sources call for."""
    found = []
    for gap in gaps:
        params = {"framework": gap.framework_title, "requirement": gap.requirement_id}
        reason = texts.both(PROVE if gap.status == "claimed" else ASKED, **params)
        covered = [step for step in gap.covering if step in called_for]
        if covered:
            for step in covered:
                found.append(Candidate(step, (FRAMEWORK,), {}, Fraction(0), reasons=(reason,), supporting=True))
            continue
        found.append(
            Candidate(
                f"framework:{gap.framework_id}:{gap.requirement_id}",
                (FRAMEWORK,),
                texts.both(MEET, summary=gap.summary, **params),
                RISK,
                EFFORT,
                ("owner",),
                (reason,),
                detail=dict(gap.summary),
                ref=("framework", f"{gap.framework_id}:{gap.requirement_id}"),
            )
        )
    return found
