"""The plain data the ranking of next steps takes and gives (no Django, no database).

A `Candidate` is one source's opinion that something should be done; candidates with the same id are one step
with several sources. A `Step` is a ranked, dated, assigned step as every page, report, mail and export shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction

Text = dict[str, str]
"""A text in both languages: {"ja": ..., "en": ...}."""

# Where a step comes from, in the order a merged step's sources are listed (and its title is chosen).
SECURITY_CHECK, EVIDENCE, DX_DIAGNOSIS, STAFF_SURVEY, DOCUMENTS, PLAN = (
    "security-check",
    "evidence",
    "dx-diagnosis",
    "staff-survey",
    "documents",
    "plan",
)
SOURCES = (SECURITY_CHECK, EVIDENCE, DX_DIAGNOSIS, STAFF_SURVEY, DOCUMENTS, PLAN)

TODO, DOING, DONE = "todo", "doing", "done"
# How a step's due date was decided: by the ranking now, stored when the plan was made, moved by a person,
# or set by its source (the decision date of a PoC gate).
PROPOSED, PLANNED, MOVED, FIXED = "proposed", "planned", "moved", "fixed"


def pick(text: Text, lang: str) -> str:
    """The text in `lang`, else the other language."""
    return text.get(lang) or text.get("en") or text.get("ja") or ""


@dataclass(frozen=True)
class Candidate:
    """One source's case for a step."""

    id: str
    sources: tuple[str, ...]
    title: Text
    risk: Fraction
    """Harm the gap invites, 0–100 for most steps ("don't know" answers go up to 125)."""
    effort: int = 2
    roles: tuple[str, ...] = ("owner",)
    reasons: tuple[Text, ...] = ()
    boost: Fraction = Fraction(1)
    """Evidence that contradicts an answer multiplies the step's weight in the order (3/2)."""
    fixed_due: date | None = None
    after: str | None = None
    """A step that should come first (the steps of a DX pattern are written in the order to take them)."""
    called_for_at: datetime | None = None
    """When the newest result calling for this step was made: a step marked done before comes back."""
    area: Text = field(default_factory=dict)
    detail: Text = field(default_factory=dict)
    staff_gap: bool = False
    """Staff see a critical risk here that management does not."""
    ref: tuple[str, str] = ("", "")
    """What the step is about, for links: ("security", question id), ("gate", id), ("dx", pattern id), ..."""
    supporting: bool = False
    """Only adds its source and reasons to a step another source calls for; never a step on its own."""
    chain: tuple[str, int] | None = None
    """(pattern, n): one of a DX pattern's steps, of which only the first n still open are on the list."""


@dataclass(frozen=True)
class Person:
    id: int
    role: str  # owner | member | advisor
    name: str


@dataclass(frozen=True)
class State:
    """What people did with a step (stored per company and step id)."""

    status: str = TODO
    due: date | None = None
    due_moved: bool = False
    """True: a person chose the date; False: the date the plan gave the step when it was made."""
    assignee: int | None = None
    done_at: datetime | None = None
    assignee_chosen: bool = True
    """True: a person chose the assignee; False: the plan gave it with the stored date (and replans it with it)."""


@dataclass(frozen=True)
class Step:
    """A ranked step: the same in every page, report, mail, calendar and the API."""

    rank: int
    id: str
    title: Text
    sources: tuple[str, ...]
    risk: int
    effort: int
    roles: tuple[str, ...]
    assignee: int | None
    assignee_role: str
    due: date
    due_kind: str
    reasons: tuple[Text, ...]
    status: str = TODO
    area: Text = field(default_factory=dict)
    detail: Text = field(default_factory=dict)
    staff_gap: bool = False
    ref: tuple[str, str] = ("", "")
    reopened: bool = False

    def title_in(self, lang: str) -> str:
        return pick(self.title, lang)

    def reasons_in(self, lang: str) -> list[str]:
        return [pick(reason, lang) for reason in self.reasons]

    def is_overdue(self, today: date) -> bool:
        return self.due < today

    @property
    def priority(self) -> str:
        """high / medium / low, from the risk: for a column that needs one word."""
        return "high" if self.risk >= 70 else "medium" if self.risk >= 40 else "low"

    def as_json(self, lang: str) -> dict:
        """The shape `rashinban next-steps --json` prints for one step."""
        return {
            "rank": self.rank,
            "id": self.id,
            "title": self.title_in(lang),
            "sources": list(self.sources),
            "due": self.due.isoformat(),
            "assignee_role": self.assignee_role,
            "reasons": self.reasons_in(lang),
        }
