"""What the latest evidence says about self-check answers: "backed by evidence" or "contradicted by evidence of DATE".

The security self-check result page and the action plan call `verdicts_for(organisation)`; the evidence
checks decide which self-check question each of their findings speaks to (see `QUESTION_EVIDENCE` below,
filled in by the evidence app). Question ids are those of the `security-selfcheck` catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Verdict:
    question_id: str
    status: str  # "backed" | "contradicted"
    checked_at: datetime  # when the check run that decides it was made (UTC)
    check: str  # check name, e.g. "accounts"
    finding_ids: tuple[str, ...] = ()  # the findings that contradict the answer (empty when backed)
