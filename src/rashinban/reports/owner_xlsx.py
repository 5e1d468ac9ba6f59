"""The owner's report as a workbook: the same facts as the document, as typed cells people can sort and sum.

Scores, points and counts are numbers, dates are dates; a "don't know" answer keeps its points as a
number but reads as the answer's words. Layout and print setup come from `reports.xlsx`. Pure: no
database; call it inside `translation.override(facts.language)`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from rashinban.reports.owner import (
    action_header,
    drill_header,
    evidence_header,
    level_text,
    peers_header,
    summary_sentence,
)
from rashinban.reports.owner_facts import ActionRow, AnswerRow, OwnerFacts
from rashinban.reports.xlsx import BookInfo, Cell, Percent, Sheet

SCORE_FORMAT = '0" / 100"'
CHANGE_FORMAT = "+0;-0;0"


def book_info(facts: OwnerFacts) -> BookInfo:
    return BookInfo(company=facts.organisation, title=_("Owner's report"), issued=facts.issued, language=facts.language)


def owner_sheets(facts: OwnerFacts) -> list[Sheet]:
    """Summary, scores, (companies like yours, practice drills,) answers and the action plan."""
    sheets = [
        Sheet(_("Summary"), [_("Item"), _("Value")], summary_cells(facts), widths=[44, 46], filters=False),
        Sheet(_("Scores"), score_header(), score_cells(facts), widths=[22, 24, 40, 10, 14, 10]),
    ]
    if facts.peers:
        sheets.append(Sheet(_("Companies like yours"), peers_header(), facts.peers, widths=[36, 10, 12, 14, 10, 14]))
    if facts.evidence:
        sheets.append(Sheet(_("Evidence"), evidence_header(), facts.evidence, widths=[34, 18, 12, 34]))
    if facts.drills:
        sheets.append(Sheet(_("Practice drills"), drill_header(), drill_cells(facts), widths=[30, 14, 14, 12, 12]))
    sheets += [
        Sheet(_("Answers"), [_("Diagnosis"), *answer_columns()], answer_cells(facts), widths=[20, 22, 56, 22, 14, 9]),
        Sheet(_("Action plan"), plan_header(), [plan_cells(n, a) for n, a in enumerate(facts.actions, start=1)],
              widths=[5, 54, 22, 10, 16, 12, 11, 10]),
    ]  # fmt: skip
    return sheets


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def summary_cells(facts: OwnerFacts) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("Company"), facts.organisation], [_("Report date"), facts.issued]]
    if facts.top_actions:
        rows.append([_("What to do first"), summary_sentence(facts)])
    for label, part in ((_("DX diagnosis"), facts.dx), (_("Security self-check"), facts.security)):
        if part is None:
            rows.append([label, _("Not done yet")])
            continue
        rows += [
            [label, Cell(part.score, SCORE_FORMAT)],
            [_("%(what)s: level") % {"what": label}, level_text(part.level)],
            [_("%(what)s: answered on") % {"what": label}, _day(part.completed_at)],
        ]
        if part.change is None or part.previous_at is None:
            rows.append(
                [_("%(what)s: change since last time") % {"what": label}, _("First round: nothing to compare yet")]
            )
        else:
            rows += [
                [_("%(what)s: change since last time") % {"what": label}, Cell(part.change, CHANGE_FORMAT)],
                [_("%(what)s: previous round") % {"what": label}, _day(part.previous_at)],
            ]
        if part.band:
            rows.append([_("%(what)s: what it means") % {"what": label}, part.band])
    rows += [[_("Open actions"), facts.open_actions], [_("Overdue actions"), facts.overdue_actions]]
    rows += [[_("Your staff see it differently"), note] for note in facts.staff_gaps]
    if facts.peers_note:
        rows.append([_("Companies like yours"), facts.peers_note])
    return rows


def drill_cells(facts: OwnerFacts) -> list[list[Any]]:
    """One row per drill: rates as numbers a spreadsheet can chart (mail scanners' hits already set aside)."""
    return [[d.name, _day(d.started), d.sent, Percent(d.report_rate), Percent(d.click_rate)] for d in facts.drills]


def score_header() -> list[str]:
    return [_("Diagnosis"), _("Breakdown"), _("Item"), _("Score"), _("Level"), _("Staff")]


def score_cells(facts: OwnerFacts) -> list[list[Any]]:
    """Every score of every breakdown in one table, so a filter shows one breakdown and a sort ranks them."""
    rows: list[list[Any]] = []
    for part in (facts.dx, facts.security):
        if part is None:
            continue
        for caption, _first, score_rows in [(part.rows_caption, "", part.rows), *part.extra_tables]:
            rows += [[part.title, caption, r.title, r.score, level_text(r.level), r.staff] for r in score_rows]
    return rows


def answer_columns() -> list[str]:
    return [_("Section"), _("Question"), _("Answer"), _("Points"), _("Out of")]


def answer_cells(facts: OwnerFacts) -> list[list[Any]]:
    return [[part.title, *_answer(row)] for part in (facts.dx, facts.security) if part for row in part.answers]


def _answer(row: AnswerRow) -> list[Any]:
    points: Any = row.score
    if row.unknown and row.score is not None:
        # The points stay a number (they count in a sum); the cell reads "わからない (-1)", not "-1 / 4".
        words = row.answer.replace('"', "”")
        points = Cell(row.score, f'"{words} ("0")";"{words} (-"0")";"{words} (0)"')
    return [row.section, row.question, row.answer, points, row.max_points]


def plan_header() -> list[str]:
    header = action_header()
    return [*header[:6], _("Overdue"), *header[6:]]


def plan_cells(number: int, action: ActionRow) -> list[Any]:
    title = f"{action.title}\n{action.detail}" if action.detail else action.title
    overdue = _("Overdue") if action.overdue else ""
    return [number, title, action.step, action.priority, action.owner, action.due, overdue, action.status]
