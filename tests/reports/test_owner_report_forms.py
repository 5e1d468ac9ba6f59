"""The owner's report says the same in HTML, PDF and Excel, as of a date in the company's time zone."""

from __future__ import annotations

import io
import re
from datetime import date
from html import unescape

from openpyxl import load_workbook

from rashinban.assessments.catalog import get_catalog
from rashinban.reports.export import render_owner_report
from rashinban.reports.gather import gather_owner_facts
from tests.reports.samples import pdf_pages

CATALOG = get_catalog("dx-seven-sins")
AS_OF = date(2026, 5, 1)


def squeeze(text: str) -> str:
    """Text without the spaces and line breaks that wrapping puts in different places per form."""
    return re.sub(r"\s+", "", text)


def html_text(organisation) -> str:  # type: ignore[no-untyped-def]
    page = render_owner_report(organisation, "html", AS_OF).content.decode()
    return squeeze(unescape(re.sub(r"<[^>]+>", " ", page.split("<article", 1)[1])))


def pdf_text(organisation) -> str:  # type: ignore[no-untyped-def]
    return squeeze("".join(pdf_pages(render_owner_report(organisation, "pdf", AS_OF).content)))


def xlsx_cells(organisation) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    workbook = load_workbook(io.BytesIO(render_owner_report(organisation, "xlsx", AS_OF).content))
    return {
        sheet.title: [squeeze(str(v)) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
        for sheet in workbook.worksheets
    }


def expected_content() -> list[str]:
    """What every form must carry: scores, change, patterns, first steps, every question and answer."""
    patterns = [s.title["ja"] for s in CATALOG.sections]
    questions = [q.text["ja"] for _s, q in CATALOG.questions_for("management")]
    first_step = CATALOG.sections[0].steps[0].text["ja"]
    return [squeeze(t) for t in ["A商事", "100/100", "+100", *patterns, first_step, *questions]]


def test_html_pdf_and_excel_carry_the_same_content(reported_org):
    html, pdf = html_text(reported_org), pdf_text(reported_org)
    cells = xlsx_cells(reported_org)
    workbook = "".join(cell for values in cells.values() for cell in values)

    for needle in expected_content():
        assert needle in html, needle
        assert needle in pdf, needle
        if needle not in ("100/100", "+100"):  # numbers in the workbook: see the next test
            assert needle in workbook, needle
    assert list(cells) == ["概要", "得点", "回答", "対策計画"]


def test_the_workbook_keeps_scores_as_numbers_and_dates_as_dates(reported_org):
    workbook = load_workbook(io.BytesIO(render_owner_report(reported_org, "xlsx", AS_OF).content))
    summary = {row[0].value: row[1] for row in workbook["概要"].iter_rows(min_row=2)}

    assert summary["DX診断"].value == 100 and summary["DX診断"].number_format == '0" / 100"'
    change = summary["DX診断: 前回からの変化"]
    assert change.value == 100 and change.number_format == "+0;-0;0"
    assert summary["DX診断: 回答日"].is_date and summary["DX診断: 回答日"].value.date() == date(2026, 5, 1)
    assert summary["レポート作成日"].is_date and summary["レポート作成日"].number_format == "yyyy/mm/dd"
    scores = list(workbook["得点"].iter_rows(min_row=2, values_only=True))
    assert len(scores) == len(CATALOG.sections) and all(row[3] == 100 and row[5] == 0 for row in scores)


def test_summary_compares_with_the_round_before(reported_org):
    facts = gather_owner_facts(reported_org, AS_OF, "ja")

    assert facts.dx is not None
    assert (facts.dx.score, facts.dx.level, facts.dx.change) == (100, "low", 100)
    assert facts.dx.previous_at is not None and facts.dx.previous_at.date() == date(2025, 11, 2)
    assert facts.dx.staff_count == 3
    assert [row.staff for row in facts.dx.rows] == [0] * len(CATALOG.sections)
    assert len(facts.dx.findings) == len(CATALOG.sections)  # management 100 against staff 0 everywhere


def test_the_date_is_the_companys_day_not_utcs(reported_org):
    """The latest round was completed at 00:30 on 1 May in Tokyo (30 April in UTC)."""
    on_the_day = gather_owner_facts(reported_org, date(2026, 5, 1), "ja")
    day_before = gather_owner_facts(reported_org, date(2026, 4, 30), "ja")

    assert on_the_day.dx is not None and on_the_day.dx.score == 100
    assert day_before.dx is not None and day_before.dx.score == 0 and day_before.dx.change is None


def test_appendix_has_every_management_answer_with_points(reported_org):
    facts = gather_owner_facts(reported_org, AS_OF, "en")

    assert facts.dx is not None
    management = CATALOG.questions_for("management")
    assert [a.question for a in facts.dx.answers] == [q.text["en"] for _s, q in management]
    assert all(
        a.points == f"{q.max_points} / {q.max_points}" for a, (_s, q) in zip(facts.dx.answers, management, strict=True)
    )


def test_a_company_without_any_round_gets_a_report_that_says_so(org_b):
    html = html_text(org_b)
    cells = xlsx_cells(org_b)

    assert squeeze("まだ実施していません") in html
    assert squeeze("まだ実施していません") in "".join(cells["概要"])
    assert render_owner_report(org_b, "pdf", AS_OF).content.startswith(b"%PDF")


def test_english_report_in_english(reported_org):
    rendered = render_owner_report(reported_org, "xlsx", AS_OF, language="en")
    workbook = load_workbook(io.BytesIO(rendered.content))

    assert workbook.sheetnames == ["Summary", "Scores", "Answers", "Action plan"]
    assert rendered.filename == "A商事_Owner's report_2026-05-01.xlsx"


def test_text_people_typed_is_neutralised_in_excel_and_escaped_in_html(reported_org):
    reported_org.name = '=HYPERLINK("http://evil.example","<b>click</b>")'
    reported_org.save(update_fields=["name"])

    summary = load_workbook(io.BytesIO(render_owner_report(reported_org, "xlsx", AS_OF).content))["概要"]
    page = render_owner_report(reported_org, "html", AS_OF).content.decode()

    values = [cell.value for row in summary.iter_rows() for cell in row]
    assert "'" + reported_org.name in values and reported_org.name not in values
    assert all(cell.data_type != "f" for row in summary.iter_rows() for cell in row)
    assert "<b>click</b>" not in page and "&lt;b&gt;click&lt;/b&gt;" in page


def test_security_part_and_the_plan_are_in_every_form(secured_org, bob):
    from rashinban.nextsteps import actions as step_actions
    from rashinban.nextsteps import plan_for

    first = plan_for(secured_org, AS_OF).steps[0]
    step_actions.assign(secured_org, first.id, bob, by=None)
    step_actions.move_due(secured_org, first.id, date(2026, 4, 28), by=None)
    facts = gather_owner_facts(secured_org, AS_OF, "ja")

    assert facts.security is not None and facts.actions_from_plan
    assert facts.security.score == 0 and facts.security.band
    assert facts.overdue_actions == 1 and facts.open_actions == len(facts.actions)
    top = facts.top_actions[0]
    assert top.step_id == first.id and top.owner.startswith("Bob") and top.overdue and top.due == date(2026, 4, 28)
    html, pdf = html_text(secured_org), pdf_text(secured_org)
    plan_sheet = "".join(xlsx_cells(secured_org)["対策計画"])
    for needle in (squeeze(top.title), "Bob", "2026年4月28日(期限切れ)", "セキュリティ自社チェック"):
        assert needle in html and needle in pdf, needle
    for action in facts.actions:
        assert squeeze(action.title) in plan_sheet
        assert squeeze(action.title) in html and squeeze(action.title) in pdf  # the plan section: every step
    assert all(squeeze(t.title) in pdf for t in facts.security.extra_tables[1][2])  # every threat


def test_companies_like_yours_is_in_every_form_once_five_peers_share(reported_org):
    from rashinban.assessments import actions
    from rashinban.orgs.models import Organisation
    from tests.assessments.helpers import unknown_answers

    few = gather_owner_facts(reported_org)
    assert few.peers == [] and "5" in few.peers_note  # too few: the note says why, no figure
    for i in range(5):
        peer = Organisation.objects.create(
            name=f"peer{i}",
            industry=reported_org.industry,
            employee_band=reported_org.employee_band,
            share_anonymised=True,
        )
        diagnosis = actions.start_diagnosis(peer, None)
        actions.submit_management_answers(diagnosis, unknown_answers("management"), None)

    facts = gather_owner_facts(reported_org)

    assert facts.peers and facts.peers[0][2] == 100  # above every peer, who all answered "don't know"
    overall = squeeze(facts.peers[0][0])
    assert overall in squeeze(html_text(reported_org)) and squeeze(facts.peers_note)[:20] in squeeze(
        pdf_text(reported_org)
    )
    summary = xlsx_cells(reported_org)
    assert any(squeeze(facts.peers_note) == cell for cells in summary.values() for cell in cells)


def test_the_report_says_where_staff_see_it_differently(reported_org):
    """Management 100 everywhere, staff 0: every pattern's steps rank high and the report says to talk first."""
    facts = gather_owner_facts(reported_org, AS_OF, "ja")
    html, pdf = html_text(reported_org), pdf_text(reported_org)

    from rashinban.nextsteps.content import dx_step_kind

    # Pattern 7's steps are the self-check's security steps (same_as): the gap is told for the patterns with
    # steps of their own.
    own_steps = [
        s for s in CATALOG.sections if any(not dx_step_kind(s.id, i).same_as for i in range(1, len(s.steps) + 1))
    ]
    assert len(facts.staff_gaps) == len(own_steps) == len(CATALOG.sections) - 1
    assert all("まず従業員と話してください" in note for note in facts.staff_gaps)
    assert squeeze("従業員の見方が違います") in html and squeeze("従業員の見方が違います") in pdf
    assert squeeze(facts.staff_gaps[0]) in html
    assert any(action.step_id.startswith("dx:") for action in facts.top_actions)  # staff's view raises them
