"""The owner's report (経営者レポート): one `Document` from `OwnerFacts` (the workbook: `owner_xlsx.py`).

The document and the workbook are built from the same facts and the row functions below, so the HTML,
the PDF and the Excel file say the same thing. Pure: no database; call it inside
`translation.override(facts.language)`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from rashinban.reports.document import Block, BulletList, Chart, Document, Heading, KeyValues, Paragraph, Table
from rashinban.reports.document import format_date as _format_date
from rashinban.reports.owner_facts import ActionRow, Assessment, OwnerFacts, ScoreRow

CHART_WIDTH_MM = 150


def level_text(level: str | None) -> str:
    texts = {"low": _("Low risk"), "medium": _("Medium risk"), "high": _("High risk"), "critical": _("Critical")}
    return texts.get(level or "", "—")


def _date(facts: OwnerFacts, value) -> str:  # type: ignore[no-untyped-def]
    return _format_date(value, facts.language) if value else "—"


def _score(value: int | None, level: str | None) -> str:
    return "—" if value is None else f"{value} / 100 · {level_text(level)}"


def _change(facts: OwnerFacts, part: Assessment) -> str:
    if part.change is None or part.previous_at is None:
        return _("First round: nothing to compare yet")
    return _("%(change)+d points since %(date)s") % {"change": part.change, "date": _date(facts, part.previous_at)}


# ---------------------------------------------------------------- rows shared by every form


def summary_rows(facts: OwnerFacts) -> list[tuple[str, str]]:
    """The cover summary: scores, levels, change since last time, the state of the plan."""
    rows = [(_("Company"), facts.organisation), (_("Report date"), _date(facts, facts.issued))]
    for label, part in ((_("DX diagnosis"), facts.dx), (_("Security self-check"), facts.security)):
        if part is None:
            rows.append((label, _("Not done yet")))
            continue
        rows += [
            (label, _score(part.score, part.level)),
            (_("%(what)s: answered on") % {"what": label}, _date(facts, part.completed_at)),
            (_("%(what)s: change since last time") % {"what": label}, _change(facts, part)),
        ]
    if facts.actions_from_plan:
        rows.append(
            (
                _("Action plan"),
                _("%(open)s open, %(overdue)s overdue")
                % {"open": facts.open_actions, "overdue": facts.overdue_actions},
            )
        )
    return rows


def score_rows(rows: list[ScoreRow], with_staff: bool = False) -> list[list[str]]:
    def number(value: int | None) -> str:
        return "—" if value is None else str(value)

    table = []
    for row in rows:
        cells = [row.title, number(row.score), level_text(row.level)]
        if with_staff:
            cells.append(number(row.staff))
        table.append(cells)
    return table


def action_header() -> list[str]:
    return ["#", _("Action"), _("Area"), _("Priority"), _("Person in charge"), _("Due"), _("Status")]


def action_rows(facts: OwnerFacts, actions: list[ActionRow]) -> list[list[str]]:
    rows = []
    for number, action in enumerate(actions, start=1):
        due = _date(facts, action.due) if action.due else "—"
        if action.overdue:
            due = _("%(date)s (overdue)") % {"date": due}
        title = f"{action.title}\n{action.detail}" if action.detail else action.title
        rows.append([str(number), title, action.step, action.priority, action.owner or "—", due, action.status])
    return rows


def answer_header() -> list[str]:
    return [_("Section"), _("Question"), _("Answer"), _("Points")]


def answer_rows(part: Assessment) -> list[list[str]]:
    return [[a.section, a.question, a.answer, a.points] for a in part.answers]


def detail_tables(part: Assessment) -> list[tuple[str, list[str], list[list[str]]]]:
    """(caption, header, rows) of the per-pattern or per-group detail, then any extra tables."""
    with_staff = any(row.staff is not None for row in part.rows)
    header = [part.rows_header, _("Score"), _("Level")]
    if with_staff:
        header.append(_("Staff"))
    tables = [(part.rows_caption, header, score_rows(part.rows, with_staff))]
    for caption, first_header, rows in part.extra_tables:
        tables.append((caption, [first_header, _("Score"), _("Level")], score_rows(rows)))
    return tables


# ---------------------------------------------------------------- the document


def owner_document(facts: OwnerFacts) -> Document:
    document = Document(
        title=_("Owner's report"),
        subtitle=_("DX and security: where the company stands and what to do first"),
        organisation=facts.organisation,
        issued=facts.issued,
        language=facts.language,
    )
    document.add(Heading(_("Summary")), KeyValues(summary_rows(facts)))
    if facts.top_actions:
        document.add(Paragraph(summary_sentence(facts), "lead"))
    if facts.security and facts.security.band:
        document.add(Paragraph(facts.security.band, "lead"))
    document.add(*_staff_gaps(facts), *_top_actions(facts), *_plan(facts), *_evidence(facts), *_drills(facts))
    document.add(*_charts(facts))
    for part in (facts.dx, facts.security):
        if part is not None:
            document.add(*_detail(facts, part))
            if part is facts.dx:
                document.add(*_peers(facts))
    document.add(*_appendix(facts))
    return document


def peers_header() -> list[str]:
    return ["", _("You"), _("Percentile"), _("Lower quartile"), _("Median"), _("Upper quartile")]


def _peers(facts: OwnerFacts) -> list[Block]:
    if not facts.peers_note:
        return []
    blocks: list[Block] = [Heading(_("Companies like yours"), level=2), Paragraph(facts.peers_note, "note")]
    if facts.peers:
        rows = [[title, str(you), str(rank), f"{q1:.0f}", f"{median:g}", f"{q3:.0f}"]
                for title, you, rank, q1, median, q3 in facts.peers]  # fmt: skip
        blocks.append(Table(peers_header(), rows, widths=[4, 1.2, 1.4, 1.4, 1.2, 1.4]))
    return blocks


SUMMARY_NAMED = 3  # the summary sentence names the first three rows of the "first five" table


def _short(title: str) -> str:
    return title.rstrip("。. ")


def summary_sentence(facts: OwnerFacts) -> str:
    """The sentence under the summary: exactly the first steps of the report's own "first five" table, in its
    order, with their dates (every form and the workbook say this same sentence)."""
    named = facts.top_actions[:SUMMARY_NAMED]
    if not named:
        return ""
    separator = "、" if facts.language == "ja" else "; "
    steps = separator.join(
        _("(%(number)s) %(title)s by %(date)s") % {"number": n, "title": _short(a.title), "date": _date(facts, a.due)}
        for n, a in enumerate(named, start=1)
    )
    return _("Start with: %(steps)s.") % {"steps": steps}


def _staff_gaps(facts: OwnerFacts) -> list[Block]:
    if not facts.staff_gaps:
        return []
    return [Heading(_("Your staff see it differently"), level=2), BulletList(facts.staff_gaps)]


ACTION_WIDTHS = [0.5, 5.2, 2.0, 1.45, 1.9, 2.3, 2.0]


def _top_actions(facts: OwnerFacts) -> list[Block]:
    blocks: list[Block] = [Heading(_("Top five actions"))]
    if not facts.top_actions:
        return [*blocks, Paragraph(_("Nothing to do yet: answer the DX diagnosis and the security self-check first."))]
    blocks.append(Table(action_header(), action_rows(facts, facts.top_actions), widths=ACTION_WIDTHS))
    return blocks


def _plan(facts: OwnerFacts) -> list[Block]:
    """Every open step after the first five, numbered on from them, with the same dates as everywhere."""
    rest = facts.actions[len(facts.top_actions) :]
    if not rest:
        return []
    rows = action_rows(facts, facts.actions)[len(facts.top_actions) :]
    return [
        Heading(_("The plan: every further step"), level=2),
        Paragraph(
            _("%(n)s steps in all, at most %(per_week)s per person and week; the dates the plan sets are Fridays.")
            % {"n": len(facts.actions), "per_week": facts.steps_per_week},
            "note",
        ),
        Table(action_header(), rows, widths=ACTION_WIDTHS),
    ]


def evidence_header() -> list[str]:
    return [_("Evidence"), _("Last checked"), _("Valid for"), _("State")]


def _evidence(facts: OwnerFacts) -> list[Block]:
    """How fresh each kind of evidence is: an answer backed by expired evidence is unproven again."""
    if not facts.evidence:
        return []
    return [
        Heading(_("How fresh the evidence is"), level=2),
        Table(evidence_header(), facts.evidence, widths=[4.5, 2.5, 1.8, 4.2]),
    ]


def drill_header() -> list[str]:
    return [_("Drill"), _("Started"), _("People mailed"), _("Report rate"), _("Click rate")]


def drill_rows(facts: OwnerFacts) -> list[list[str]]:
    return [[d.name, _date(facts, d.started), str(d.sent), f"{d.report_rate}%", f"{d.click_rate}%"]
            for d in facts.drills]  # fmt: skip


def _drills(facts: OwnerFacts) -> list[Block]:
    if not facts.drills:
        return []
    return [
        Heading(_("Practice phishing drills")),
        Paragraph(
            _(
                "Reporting is the goal. Each hit is judged on its own evidence: clicks made by mail security "
                "scanners are set aside and count against nobody."
            ),
            "note",
        ),  # fmt: skip
        Table(drill_header(), drill_rows(facts), widths=[5, 2.4, 2, 1.8, 1.8]),
    ]


def _charts(facts: OwnerFacts) -> list[Block]:
    charts = [(part.title, part.radar_svg) for part in (facts.dx, facts.security) if part and part.radar_svg]
    if not charts:
        return []
    blocks: list[Block] = [Heading(_("Radar charts"), new_page=True)]
    for title, svg in charts:
        blocks.append(Chart(svg, _("%(what)s (100 is best)") % {"what": title}, CHART_WIDTH_MM))
    return blocks


def _detail(facts: OwnerFacts, part: Assessment) -> list[Block]:
    blocks: list[Block] = [
        Heading(part.title, new_page=True),
        Paragraph(
            _("Answered on %(date)s · %(score)s")
            % {"date": _date(facts, part.completed_at), "score": _score(part.score, part.level)}
        ),
    ]
    if part.staff_count:
        blocks.append(Paragraph(_("%(n)s staff answered the anonymous survey.") % {"n": part.staff_count}, "note"))
    for caption, header, rows in detail_tables(part):
        blocks.append(Table(header, rows, widths=[5, 1.2, 1.8] + ([1.2] if len(header) > 3 else []), caption=caption))
    if part.findings:
        blocks += [Heading(_("Findings"), level=2), BulletList(part.findings)]
    return blocks


def _appendix(facts: OwnerFacts) -> list[Block]:
    parts = [part for part in (facts.dx, facts.security) if part and part.answers]
    if not parts:
        return []
    blocks: list[Block] = [Heading(_("Appendix: every answer"), new_page=True)]
    for part in parts:
        blocks.append(Table(answer_header(), answer_rows(part), widths=[2.2, 5, 2.4, 1], caption=part.title))
    return blocks
