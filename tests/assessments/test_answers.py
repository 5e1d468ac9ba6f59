"""Answer files: blank templates in YAML and Excel, reading them back filled in, and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from rashinban.assessments.answers import (
    META_SHEET,
    SHEET,
    AnswersFileError,
    read_answers,
    write_template,
    yaml_template,
)
from rashinban.assessments.catalog import get_catalog
from rashinban.assessments.scoring import score

CATALOG = get_catalog("dx-seven-sins")
FILLED = {
    "p1-q1": "yes",
    "p1-q2": "partly",
    "p2-q2": "quarterly",
    "p6-q1": "rarely",
    "p7-q3": "no",
    "p7-q4": "unknown",
}


@pytest.fixture(autouse=True)
def _in_english():  # type: ignore[no-untyped-def]
    """Messages follow Django's active language (the web user's, or the command line's locale)."""
    with translation.override("en"):
        yield


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_error(path: Path) -> str:
    with pytest.raises(AnswersFileError) as caught:
        read_answers(path)
    assert str(path) in caught.value.message
    return caught.value.message


# ---------------------------------------------------------------- YAML template round trip


def test_blank_yaml_template_reads_back_as_no_answers(tmp_path: Path) -> None:
    path = tmp_path / "blank.yaml"
    write_template(CATALOG, "yaml", path, "ja")
    assert read_answers(path) == ("dx-seven-sins", {})
    text = path.read_text(encoding="utf-8")
    assert text.count(": null") == len(CATALOG.all_questions())


def test_yaml_template_comments_show_question_and_choices_in_its_language() -> None:
    text = yaml_template(CATALOG, "ja")
    question = CATALOG.question("p1-q1")
    assert question is not None
    block = text[: text.index("  p1-q1: null")]
    assert question.text["ja"] in block and "yes = はい、文書にある" in block and "unknown = わからない" in block
    assert "Don't know" in yaml_template(CATALOG, "en")


def test_filled_yaml_template_scores_like_the_answers(tmp_path: Path) -> None:
    text = yaml_template(CATALOG, "en")
    for qid, oid in FILLED.items():
        text = text.replace(f"  {qid}: null", f"  {qid}: {oid}")
    path = write(tmp_path, "filled.yaml", text)
    catalog_id, answers = read_answers(path)
    assert catalog_id == "dx-seven-sins" and answers == FILLED
    assert score(CATALOG, answers) == score(CATALOG, FILLED)


def test_staff_template_lists_only_staff_questions() -> None:
    text = yaml_template(CATALOG, "ja", audience="staff")
    staff = {q.id for _s, q in CATALOG.questions_for("staff")}
    listed = {line.split(":")[0].strip() for line in text.splitlines() if line.endswith(": null")}
    assert listed == staff and "p1-q1" not in listed


def test_unknown_template_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_template(CATALOG, "csv", tmp_path / "x.csv", "ja")


# ---------------------------------------------------------------- Excel template round trip


def dropdown_choices(workbook: Workbook, cell: str) -> list[str]:
    """The choices the drop-down of `cell` on the answer sheet offers."""
    sheet = workbook[SHEET]
    rule = next(dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref)
    source, cells = rule.formula1.split("!")
    values = [c.value for row in workbook[source.strip("'")][cells.replace("$", "")] for c in row]
    return [v for v in values if v is not None]


def test_xlsx_template_has_rows_dropdowns_and_hidden_bank_id(tmp_path: Path) -> None:
    path = tmp_path / "sheet.xlsx"
    write_template(CATALOG, "xlsx", path, "ja")
    workbook = load_workbook(path)
    sheet = workbook[SHEET]
    assert sheet.max_row == 1 + len(CATALOG.all_questions())
    assert [c.value for c in sheet[1]][0] == "設問ID"
    assert sheet["A2"].value == "p1-q1" and sheet["B2"].value == "戦略なき突進"
    assert sheet["D2"].value.split("\n") == ["はい、文書にある", "口頭で話しただけ", "いいえ", "わからない"]
    assert sheet["E2"].value is None
    assert dropdown_choices(workbook, "E2") == ["はい、文書にある", "口頭で話しただけ", "いいえ", "わからない"]
    assert workbook["lists"].sheet_state == "hidden"
    assert workbook[META_SHEET].sheet_state == "hidden" and workbook[META_SHEET]["B1"].value == "dx-seven-sins"
    assert read_answers(path) == ("dx-seven-sins", {})


def test_english_sheet_offers_english_labels(tmp_path: Path) -> None:
    path = tmp_path / "sheet.xlsx"
    write_template(get_catalog("security-selfcheck"), "xlsx", path, "en")
    workbook = load_workbook(path)

    assert dropdown_choices(workbook, "E2") == ["Done", "Partly", "Not done", "Don't know"]
    assert workbook[SHEET]["E1"].value == "Answer (pick from the list)"


def test_filled_xlsx_template_scores_like_the_answers(tmp_path: Path) -> None:
    path = tmp_path / "sheet.xlsx"
    write_template(CATALOG, "xlsx", path, "en")
    workbook = load_workbook(path)
    sheet = workbook[SHEET]
    for row in range(2, sheet.max_row + 1):
        qid = sheet.cell(row=row, column=1).value
        if qid in FILLED:
            sheet.cell(row=row, column=5).value = f" {FILLED[qid]} "  # stray spaces are forgiven
    workbook.save(path)
    catalog_id, answers = read_answers(path)
    assert catalog_id == "dx-seven-sins" and answers == FILLED
    assert score(CATALOG, answers).to_json() == score(CATALOG, FILLED).to_json()


def _sheet_with(tmp_path: Path, rows: list[list[object]], title: str = SHEET) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(["Question ID", "Pattern", "Question", "Choices", "Answer"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "made.xlsx"
    workbook.save(path)
    return path


def test_xlsx_without_meta_sheet_names_no_bank(tmp_path: Path) -> None:
    path = _sheet_with(tmp_path, [["p1-q1", None, None, None, "yes"], ["p1-q2", None, None, None, 3]])
    assert read_answers(path) == (None, {"p1-q1": "yes", "p1-q2": "3"})


def test_xlsx_with_wrong_sheet_name(tmp_path: Path) -> None:
    message = read_error(_sheet_with(tmp_path, [], title="Sheet1"))
    assert "'answers'" in message


def test_xlsx_answer_without_question_id_names_the_cell(tmp_path: Path) -> None:
    message = read_error(_sheet_with(tmp_path, [["p1-q1", None, None, None, "yes"], [None, None, None, None, "no"]]))
    assert "cell E3" in message


def test_xlsx_question_listed_twice_names_both_cells(tmp_path: Path) -> None:
    rows: list[list[object]] = [["p1-q1", None, None, None, "yes"], ["p1-q1", None, None, None, "no"]]
    message = read_error(_sheet_with(tmp_path, rows))
    assert "cell A3" in message and "A2" in message


def test_xlsx_with_foreign_columns_is_refused_at_a1(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(["Name", "Score"])
    path = tmp_path / "other.xlsx"
    workbook.save(path)
    assert "cell A1" in read_error(path)


def test_file_named_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    assert "Excel" in read_error(write(tmp_path, "fake.xlsx", "catalog: x\n"))


# ---------------------------------------------------------------- YAML and JSON files


def test_json_answers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.json",
        json.dumps({"catalog": "dx-seven-sins", "answers": {"p1-q1": "no", "p1-q2": None}}),
    )
    assert read_answers(path) == ("dx-seven-sins", {"p1-q1": "no"})


def test_yaml_answers_keep_bare_yes_and_no_as_option_ids(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yml", "answers:\n  p1-q1: yes\n  p1-q2: no\n  p1-q3: on\n  p1-q4: 2\n")
    assert read_answers(path) == (None, {"p1-q1": "yes", "p1-q2": "no", "p1-q3": "on", "p1-q4": "2"})


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    message = read_error(write(tmp_path, "bad.yaml", "catalog: dx-seven-sins\nanswers:\n  p1-q1: [yes\n"))
    assert "bad.yaml:3:" in message and "YAML syntax error" in message


def test_yaml_duplicate_question_names_the_second_line(tmp_path: Path) -> None:
    message = read_error(write(tmp_path, "dup.yaml", "answers:\n  p1-q1: yes\n  p1-q1: no\n"))
    assert "dup.yaml:3:" in message and "p1-q1" in message


def test_yaml_answer_that_is_a_list_names_its_line(tmp_path: Path) -> None:
    message = read_error(
        write(tmp_path, "list.yaml", "catalog: dx-seven-sins\nanswers:\n  p1-q1: yes\n  p1-q2: [yes, no]\n")
    )
    assert "list.yaml:4:" in message and "p1-q2" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- p1-q1\n- yes\n", "list.yaml:1:"),
        ("catalog: dx-seven-sins\n", "'answers'"),
        ("catalog: dx-seven-sins\nanswers: [yes, no]\n", "list.yaml:2:"),
        ("catalog: [a]\nanswers: {}\n", "list.yaml:1:"),
        ("", "list.yaml:1:"),
    ],
)
def test_yaml_with_the_wrong_shape(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in read_error(write(tmp_path, "list.yaml", text))


def test_json_syntax_error_names_the_line(tmp_path: Path) -> None:
    message = read_error(write(tmp_path, "bad.json", '{"catalog": "x",\n "answers": {\n}'))
    assert "bad.json:3:" in message


def test_json_duplicate_key(tmp_path: Path) -> None:
    message = read_error(write(tmp_path, "dup.json", '{"answers": {"p1-q1": "yes", "p1-q1": "no"}}'))
    assert "p1-q1" in message


def test_json_answers_not_a_mapping(tmp_path: Path) -> None:
    assert "'answers'" in read_error(write(tmp_path, "a.json", '{"answers": ["yes"]}'))


def test_missing_file_and_unknown_extension(tmp_path: Path) -> None:
    assert "not found" in read_error(tmp_path / "gone.yaml")
    assert ".xlsx" in read_error(write(tmp_path, "answers.csv", "p1-q1,yes\n"))
