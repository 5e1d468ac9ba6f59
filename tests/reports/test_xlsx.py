"""Workbooks from sheets, and the one neutralise rule every CSV/Excel export uses."""

from __future__ import annotations

import io
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from rashinban.reports.xlsx import BookInfo, Cell, Percent, Sheet, neutralise, to_xlsx
from rashinban.reports.xlsx_layout import LINE_POINTS


def read(data: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


def test_formula_like_text_gets_an_apostrophe():
    assert neutralise('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    assert neutralise("+81 3 1234") == "'+81 3 1234"
    assert neutralise("-1+1") == "'-1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\t=1") == "'\t=1"
    assert neutralise("bad=") == "bad="
    assert neutralise("") == ""


def test_numbers_and_other_values_pass_unchanged():
    assert neutralise(-5) == -5
    assert neutralise(1.5) == 1.5
    assert neutralise(None) is None


@given(st.text())
def test_neutralised_text_never_starts_a_formula_and_keeps_the_text(text):
    result = neutralise(text)

    assert not result.startswith(("=", "+", "-", "@"))
    assert result in (text, "'" + text)


def test_workbook_has_a_sheet_per_sheet_with_header_rows_and_neutralised_cells():
    data = to_xlsx(
        [
            Sheet("概要", ["項目", "値"], [["総合点", 58], ["メモ", "=1+1"]]),
            Sheet("回答", ["設問", "回答", "日付"], [["@cmd", "-", date(2026, 5, 1)]]),
        ]
    )

    sheets = read(data)

    assert list(sheets) == ["概要", "回答"]
    assert sheets["概要"] == [("項目", "値"), ("総合点", 58), ("メモ", "'=1+1")]
    assert sheets["回答"][1][:2] == ("'@cmd", "'-")
    workbook = load_workbook(io.BytesIO(data))
    assert all(cell.data_type != "f" for ws in workbook.worksheets for row in ws.iter_rows() for cell in row)
    assert workbook["概要"].freeze_panes == "A2"


def test_sheet_titles_are_made_valid_and_unique():
    data = to_xlsx([Sheet("a/b:c" + "x" * 40, ["h"], []), Sheet("A/B:C" + "x" * 40, ["h"], []), Sheet("", ["h"], [])])

    titles = list(read(data))

    assert all(len(t) <= 31 and not set(t) & set("[]:*?/\\") for t in titles)
    assert len({t.lower() for t in titles}) == 3


def test_control_characters_excel_refuses_are_dropped():
    sheets = read(to_xlsx([Sheet("s", ["h"], [["a\x00b\x07c"]])]))

    assert sheets["s"][1] == ("abc",)


def test_answer_sheet_of_an_imported_bank_neutralises_its_texts(tmp_path):
    """assessments' answer template is an Excel export too: a bank's text must not become a formula."""
    from rashinban.assessments.answers import write_template
    from rashinban.assessments.catalog import CATALOG_DIR, load_catalog_text

    source = (CATALOG_DIR / "dx-seven-sins.yaml").read_text(encoding="utf-8")
    first_question = "ja: DXで解決したい経営課題は、計画書や議事録などの文書に書かれていますか?"
    assert first_question in source
    catalog = load_catalog_text(source.replace(first_question, 'ja: "=HYPERLINK(\\"http://x\\")"'), "bank.yaml")
    path = tmp_path / "answers.xlsx"

    write_template(catalog, "xlsx", path, "ja", "management")

    sheet = load_workbook(path)["answers"]
    assert sheet["C2"].value == '\'=HYPERLINK("http://x")' and sheet["C2"].data_type == "s"


def test_cells_are_typed_with_number_formats():
    data = to_xlsx(
        [Sheet("s", ["n", "x", "d", "t", "p", "w"],
               [[3, 2.5, date(2026, 5, 1), datetime(2026, 5, 1, 9, 30), Percent(40), Cell(-1, '"わからない" (0)')]])],
        BookInfo(language="ja"),
    )  # fmt: skip

    row = load_workbook(io.BytesIO(data))["s"][2]

    assert [c.number_format for c in row] == [
        "#,##0",
        "#,##0.0#",
        "yyyy/mm/dd",
        "yyyy/mm/dd hh:mm",
        "0%",
        '"わからない" (0)',
    ]
    assert [row[0].value, row[1].value, row[4].value, row[5].value] == [3, 2.5, 0.4, -1]
    assert row[2].is_date and row[3].is_date


def test_print_setup_names_the_company_safely_and_turns_wide_sheets():
    narrow = Sheet("narrow", ["a"], [["x"]], widths=[20])
    wide = Sheet("wide", ["a", "b"], [["x", "y"]], widths=[60, 60])
    book = load_workbook(io.BytesIO(to_xlsx([narrow, wide], BookInfo("A&B商事", "台帳", date(2026, 5, 1), "ja"))))

    assert [book[name].page_setup.orientation for name in ("narrow", "wide")] == ["portrait", "landscape"]
    header = book["narrow"].oddHeader
    assert (header.left.text, header.center.text, header.right.text) == ("A&&B商事", "台帳 · narrow", "2026年5月1日")


def test_rows_grow_with_wrapped_text_and_line_breaks():
    long = "折り返す日本語の文章です。" * 6  # 78 characters in a column 20 wide: several lines
    book = load_workbook(io.BytesIO(to_xlsx([Sheet("s", ["h"], [["short"], [long], ["a\nb\nc"]], widths=[20])])))
    heights = [book["s"].row_dimensions[n].height for n in (2, 3, 4)]

    assert heights[0] < heights[2] < heights[1]
    assert heights[1] >= 9 * LINE_POINTS  # 78 × 1.9 units over 19 usable: at least 8 lines, kinsoku adds one
