"""Every workbook the product writes, opened with openpyxl: typed cells, one font, print setup, no formulas."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl.worksheet.worksheet import Worksheet

from rashinban.reports.xlsx_layout import FONT_NAME, LINE_POINTS
from tests.reports.workbooks import FORMULA_LIKE, Made

pytestmark = pytest.mark.django_db


def visible(made: Made) -> list[Worksheet]:
    return [sheet for sheet in made.open().worksheets if sheet.sheet_state == "visible"]


def cells(sheet: Worksheet):  # type: ignore[no-untyped-def]
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def column(sheet: Worksheet, header: str):  # type: ignore[no-untyped-def]
    titles = [c.value for c in sheet[1]]
    return [row[titles.index(header)] for row in sheet.iter_rows(min_row=2)]


def by_name(workbooks: list[Made], name: str) -> Made:
    return next(made for made in workbooks if made.name == name)


def test_every_workbook_is_made(workbooks):
    assert len(workbooks) == 9 and all(made.content.startswith(b"PK") for made in workbooks)


def test_every_sheet_prints_on_a4_one_page_wide_with_company_title_and_date(workbooks):
    for made in workbooks:
        for sheet in visible(made):
            where = (made.name, sheet.title)
            setup = sheet.page_setup
            assert setup.paperSize == 9, where  # A4
            assert (setup.fitToWidth, setup.fitToHeight, sheet.sheet_properties.pageSetUpPr.fitToPage) == (1, 0, True)
            assert setup.orientation in ("portrait", "landscape"), where
            assert sheet.print_title_rows == "$1:$1", where
            assert sheet.freeze_panes == "A2", where
            margins = sheet.page_margins
            assert 0.3 <= margins.left <= 1 and 0.3 <= margins.right <= 1 and margins.top >= margins.header, where
            assert (sheet.oddHeader.left.text or "") == made.company.replace("&", "&&"), where
            assert sheet.title in sheet.oddHeader.center.text, where
            assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text, where
            if made.company:  # downloads carry the day they were made
                assert sheet.oddHeader.right.text, where


def test_tables_have_filter_buttons_and_forms_do_not(workbooks):
    for made in workbooks:
        for sheet in visible(made):
            if sheet.title in made.tables and sheet.max_row > 1:
                assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
            else:
                assert not sheet.auto_filter.ref, (made.name, sheet.title)
    assert {s.title for made in workbooks for s in visible(made) if s.auto_filter.ref} >= {"対策計画", "顧問先"}


def test_one_named_font_for_the_whole_book(workbooks):
    for made in workbooks:
        book = made.open()
        assert book._fonts[0].name == FONT_NAME, made.name  # the "Normal" style: empty cells and new rows
        fonts = {cell.font.name for sheet in book.worksheets for cell in cells(sheet)}
        assert fonts == {FONT_NAME}, made.name


def test_no_cell_is_a_formula_and_formula_like_text_stays_text(workbooks):
    for made in workbooks:
        for sheet in made.open().worksheets:
            assert all(cell.data_type != "f" for cell in cells(sheet)), (made.name, sheet.title)
    systems = by_name(workbooks, "systems-map").open()["システム"]
    assert "'" + FORMULA_LIKE in [c.value for c in cells(systems)]


def test_rows_are_tall_enough_for_every_line_and_text_wraps(workbooks):
    for made in workbooks:
        for sheet in visible(made):
            for row in sheet.iter_rows():
                texts = [c.value for c in row if isinstance(c.value, str)]
                if not texts:
                    continue
                lines = max(text.count("\n") + 1 for text in texts)
                height = sheet.row_dimensions[row[0].row].height
                assert height is not None and height >= lines * LINE_POINTS, (made.name, sheet.title, row[0].row)
                assert all(c.alignment.wrap_text for c in row if isinstance(c.value, str))
            widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
            assert all(4 <= w <= 110 for w in widths), (made.name, sheet.title, widths)


def test_owners_report_keeps_numbers_dates_and_dont_know_as_words(workbooks):
    book = by_name(workbooks, "owner-report-ja").open()
    summary = {row[0].value: row[1] for row in book["概要"].iter_rows(min_row=2)}
    assert isinstance(summary["DX診断"].value, int) and summary["DX診断"].number_format == '0" / 100"'
    assert summary["レポート作成日"].is_date and summary["DX診断: 回答日"].is_date
    assert isinstance(summary["未完了の対策"].value, int)
    scores = column(book["得点"], "得点")
    assert scores and all(isinstance(c.value, int) for c in scores)
    points = column(book["回答"], "得点")
    assert all(isinstance(c.value, int) for c in points)
    answers = column(book["回答"], "回答")
    unknown = [p for a, p in zip(answers, points, strict=True) if a.value == "わからない"]
    assert unknown, "the demo has 'don't know' answers"
    assert all(p.number_format.startswith('"わからない (') for p in unknown)
    assert any(p.value < 0 for p in unknown)  # the self-check's "don't know" costs a point, and still sums
    assert all(c.value is None or c.is_date for c in column(book["対策計画"], "期限"))


@pytest.mark.parametrize(
    ("name", "sheet", "header", "kind"),
    [
        ("roadmap", "ロードマップ", "開始", "date"),
        ("roadmap", "ロードマップ", "期限", "date"),
        ("roadmap", "ロードマップ", "手間(1〜5)", "number"),
        ("clients", "顧問先", "DXスコア", "number"),
        ("clients", "顧問先", "レッスン修了", "percent"),
        ("clients", "顧問先", "最終活動", "date"),
        ("systems-map", "連携", "月あたり時間", "number"),
        ("backup-register", "バックアップ台帳", "最終バックアップ日", "date"),
    ],
)
def test_other_exports_type_their_cells(workbooks, name, sheet, header, kind):
    values = [c for c in column(by_name(workbooks, name).open()[sheet], header) if c.value is not None]

    assert values, (name, header)
    for cell in values:
        if kind == "date":
            assert cell.is_date and isinstance(cell.value, datetime)
        elif kind == "percent":
            assert cell.number_format == "0%" and 0 <= cell.value <= 1
        else:
            assert isinstance(cell.value, int | float) and cell.number_format != "General"


def test_no_workbook_is_made_outside_the_helper():
    """A new export must go through reports/xlsx.py (to_xlsx or build_workbook) to get types and print setup."""
    from pathlib import Path

    import rashinban

    source = Path(rashinban.__file__).parent
    makers = [
        path.relative_to(source).as_posix()
        for path in source.rglob("*.py")
        if "Workbook(" in path.read_text(encoding="utf-8") and path != source / "reports" / "xlsx.py"
    ]
    assert makers == []
