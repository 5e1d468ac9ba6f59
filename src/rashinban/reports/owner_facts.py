"""What the owner's report says, as plain data: `gather.py` fills it from the database, `owner.py` lays it out.

Every text is already in the report's language and every time already in the company's time zone,
so the layout needs neither the database nor a request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from rashinban.nextsteps.plan import FIRST


@dataclass(frozen=True)
class ScoreRow:
    """One failure pattern (DX) or one group, drill step or threat (security)."""

    title: str
    score: int | None
    level: str | None
    staff: int | None = None  # DX only, and only once enough staff have answered
    note: str = ""


@dataclass(frozen=True)
class AnswerRow:
    section: str
    question: str
    answer: str
    points: str  # "2 / 3", or "" where points mean nothing (not applicable)
    score: int | None = None  # the points as a number, for the workbook
    max_points: int | None = None
    unknown: bool = False  # "don't know" or not answered: the workbook shows the answer's words, not "-1 / 4"


@dataclass(frozen=True)
class ActionRow:
    title: str
    detail: str = ""
    step: str = ""  # the security drill step or the DX pattern it belongs to
    priority: str = ""
    owner: str = ""
    due: date | None = None
    status: str = ""
    overdue: bool = False
    done: bool = False
    step_id: str = ""  # the ranking's stable id (rashinban.nextsteps)
    stage: int = 0  # the roadmap stage of the due date: 1 (0–3 months), 2 (3–12), 3 (12–36)


@dataclass(frozen=True)
class Assessment:
    """The latest completed round of one diagnosis (DX or the security self-check)."""

    title: str
    completed_at: datetime
    score: int
    level: str
    change: int | None
    previous_at: datetime | None
    radar_svg: str
    rows_caption: str  # "Per failure pattern", "Per group"
    rows_header: str  # "Pattern", "Group"
    rows: list[ScoreRow]
    answers: list[AnswerRow]
    # (caption, first column's header, rows), e.g. per drill step and per threat
    extra_tables: list[tuple[str, str, list[ScoreRow]]] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # e.g. management and staff see it differently
    band: str = ""  # security: what the score band means and what to do next
    staff_count: int = 0


@dataclass(frozen=True)
class DrillRow:
    """One practice phishing drill, as its stored verdicts count it (drills/readout.py)."""

    name: str
    started: datetime | None
    sent: int
    report_rate: int
    click_rate: int


@dataclass(frozen=True)
class OwnerFacts:
    organisation: str
    slug: str
    language: str
    issued: date
    dx: Assessment | None
    security: Assessment | None
    actions: list[ActionRow]  # the one ranking's open steps (rashinban.nextsteps), most important first
    actions_from_plan: bool = True
    open_actions: int = 0
    overdue_actions: int = 0
    # Patterns where staff see a critical risk management does not: "talk to them first", one line each.
    staff_gaps: list[str] = field(default_factory=list)
    steps_per_week: int = 2
    # "Companies like yours" for the DX diagnosis: rows of [what, you, percentile, Q1, median, Q3] (numbers
    # after the first), and the sentence above them (who is compared, or why nothing is shown). Empty note:
    # no comparison at all.
    peers_note: str = ""
    peers: list[list] = field(default_factory=list)
    # How fresh each kind of evidence is (evidence/freshness.py): rows of [evidence, last checked, valid for, state].
    evidence: list[list[str]] = field(default_factory=list)
    drills: list[DrillRow] = field(default_factory=list)  # the last drills, oldest first

    @property
    def top_actions(self) -> list[ActionRow]:
        """The "first five" table: the ranking's first five steps, in its order."""
        return [action for action in self.actions if not action.done][:FIRST]
