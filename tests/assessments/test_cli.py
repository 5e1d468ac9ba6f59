"""`rashinban catalog`, `answers-template` and `score`: output shapes, exit codes, clean stdout on error."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from rashinban.assessments.answers import write_template
from rashinban.assessments.catalog import get_catalog
from rashinban.cli import main

CATALOG = get_catalog("dx-seven-sins")
SRC = Path(__file__).resolve().parents[2] / "src" / "rashinban"
MODULES = ["catalog.py", "scoring.py", "answers.py", "commands.py"]


def run(*args: str, lang: str = "en") -> Result:
    return CliRunner(env={"RASHINBAN_LANG": lang}).invoke(main, list(args))


def assert_fails(result: Result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    for needle in needles:
        assert needle in result.stderr


def filled_yaml(tmp_path: Path, answers: dict[str, str], catalog: str = "dx-seven-sins") -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(json.dumps({"catalog": catalog, "answers": answers}), encoding="utf-8")
    return path


# ---------------------------------------------------------------- catalog list / show


def test_catalog_list_json() -> None:
    result = run("catalog", "list", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {
        "id": "dx-seven-sins",
        "version": 1,
        "title": CATALOG.title["en"],
        "sections": 7,
        "questions": len(CATALOG.all_questions()),
    } in rows


def test_catalog_list_table_in_japanese() -> None:
    result = run("catalog", "list", lang="ja")
    assert result.exit_code == 0 and "dx-seven-sins" in result.stdout and CATALOG.title["ja"] in result.stdout


def test_catalog_show_json_shape_and_dont_know_flag() -> None:
    result = run("catalog", "show", "dx-seven-sins", "--json", lang="ja")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"id", "version", "title", "sections"} <= set(data) and data["title"] == CATALOG.title["ja"]
    assert [s["id"] for s in data["sections"]] == [s.id for s in CATALOG.sections]
    question = data["sections"][0]["questions"][0]
    assert {"id", "text", "options"} <= set(question) and question["id"] == "p1-q1"
    assert all({"id", "label", "points"} <= set(o) for o in question["options"])
    flagged = [o for o in question["options"] if o.get("unknown")]
    assert flagged == [{"id": "unknown", "label": "わからない", "points": 0, "unknown": True}]


def test_catalog_show_text() -> None:
    result = run("catalog", "show", "dx-seven-sins")
    assert result.exit_code == 0
    assert "[p7-risk] Overlooked risk" in result.stdout and "p7-q6" in result.stdout


def test_catalog_show_unknown_id() -> None:
    assert_fails(run("catalog", "show", "no-such-bank", "--json"), "no-such-bank", "dx-seven-sins")


# ---------------------------------------------------------------- answers-template


def test_answers_template_yaml_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "sheet.yaml"
    result = run("answers-template", "--catalog", "dx-seven-sins", "--format", "yaml", "-o", str(out))
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("#")
    assert_fails(run("answers-template", "--catalog", "dx-seven-sins", "-o", str(out)), "--force")
    assert run("answers-template", "--catalog", "dx-seven-sins", "-o", str(out), "--force").exit_code == 0


def test_answers_template_format_follows_the_file_name(tmp_path: Path) -> None:
    out = tmp_path / "sheet.xlsx"
    assert run("answers-template", "--catalog", "dx-seven-sins", "-o", str(out)).exit_code == 0
    assert load_workbook(out)["answers"]["A2"].value == "p1-q1"


def test_answers_template_to_stdout_for_staff() -> None:
    result = run("answers-template", "--catalog", "dx-seven-sins", "-o", "-", "--audience", "staff")
    assert result.exit_code == 0
    assert "p1-q2: null" in result.stdout and "p1-q1: null" not in result.stdout


def test_answers_template_unknown_catalog(tmp_path: Path) -> None:
    assert_fails(run("answers-template", "--catalog", "nope", "-o", str(tmp_path / "x.yaml")), "nope")
    assert not (tmp_path / "x.yaml").exists()


# ---------------------------------------------------------------- score


def test_score_json_shape(tmp_path: Path) -> None:
    path = filled_yaml(tmp_path, {"p1-q1": "yes", "p2-q2": "monthly"})
    result = run("score", "--catalog", "dx-seven-sins", "--answers", str(path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"catalog", "version", "overall", "sections", "recommendations"}
    assert data["catalog"] == "dx-seven-sins" and data["version"] == 1
    assert set(data["overall"]) == {"score", "level"}
    assert [set(s) for s in data["sections"]] == [{"id", "score", "level", "answered", "total"}] * 7
    assert data["sections"][0] == {
        "id": "p1-strategy",
        "score": 20,
        "level": "critical",
        "answered": 1,
        "total": 5,
    }
    recs = data["recommendations"]
    assert [r["priority"] for r in recs] == [1, 2, 3]
    assert all({"section", "priority", "title", "steps"} <= set(r) for r in recs)
    assert all(isinstance(step, str) and step for r in recs for step in r["steps"])
    assert recs[0]["section"] == "p3-change"  # the first section at 0, in bank order


def test_score_template_round_trip_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "sheet.xlsx"
    run("answers-template", "--catalog", "dx-seven-sins", "-o", str(out))
    workbook = load_workbook(out)
    sheet = workbook["answers"]
    for row in range(2, sheet.max_row + 1):
        question = CATALOG.question(sheet.cell(row=row, column=1).value)
        assert question is not None
        sheet.cell(row=row, column=5).value = max(question.options, key=lambda o: o.points).id
    workbook.save(out)
    result = run("score", "--answers", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overall"] == {"score": 100, "level": "low"}


def test_score_table(tmp_path: Path) -> None:
    result = run("score", "--answers", str(filled_yaml(tmp_path, {})))
    assert result.exit_code == 0
    assert "Overall: 0/100" in result.stdout and "p7-risk" in result.stdout and "Principle" in result.stdout


def test_score_staff_audience(tmp_path: Path) -> None:
    path = filled_yaml(tmp_path, {"p1-q2": "yes", "p1-q4": "yes", "p1-q5": "always"})
    data = json.loads(run("score", "--answers", str(path), "--audience", "staff", "--json").stdout)
    assert data["sections"][0] == {
        "id": "p1-strategy",
        "score": 100,
        "level": "low",
        "answered": 3,
        "total": 3,
    }


def test_score_unknown_ids_name_them_and_the_file(tmp_path: Path) -> None:
    path = filled_yaml(tmp_path, {"p1-q1": "maybe", "p9-q9": "yes"})
    assert_fails(
        run("score", "--catalog", "dx-seven-sins", "--answers", str(path), "--json"),
        "“p9-q9”",
        "“maybe” is not a choice of question p1-q1",
        "answers.yaml",
    )


def test_score_reads_labels_and_ids_in_any_case_and_width(tmp_path: Path) -> None:
    typed = {"p1-q1": "ＹＥＳ", "p1-q2": "for some efforts ONLY", "p1-q4": "いいえ", "p1-q3": " Purpose ONLY "}
    by_id = {"p1-q1": "yes", "p1-q2": "partly", "p1-q4": "no", "p1-q3": "partly"}

    from_labels = run("score", "--catalog", "dx-seven-sins", "--answers", str(filled_yaml(tmp_path, typed)), "--json")
    from_ids = run("score", "--catalog", "dx-seven-sins", "--answers", str(filled_yaml(tmp_path, by_id)), "--json")

    assert from_labels.exit_code == 0, from_labels.output
    assert json.loads(from_labels.stdout) == json.loads(from_ids.stdout)


def test_score_names_the_cell_it_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "answers.xlsx"
    write_template(get_catalog("dx-seven-sins"), "xlsx", path, "ja")
    workbook = load_workbook(path)
    workbook["answers"]["E2"] = "Yes"  # the id, typed as people type it
    workbook["answers"]["E3"] = "たぶん"
    workbook.save(path)

    assert_fails(run("score", "--answers", str(path)), "cell E3", "“たぶん”", "answers.xlsx")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("catalog: dx-seven-sins\nanswers:\n  p1-q1: [yes\n", "answers.yaml:3:"),
        ("- not\n- a mapping\n", "answers.yaml:1:"),
        ("catalog: dx-seven-sins\nanswers: yes\n", "answers.yaml:2:"),
        ("catalog: another-bank\nanswers: {}\n", "another-bank"),
    ],
)
def test_score_malformed_yaml(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    assert_fails(run("score", "--catalog", "dx-seven-sins", "--answers", str(path), "--json"), needle)


def test_score_missing_file(tmp_path: Path) -> None:
    assert_fails(run("score", "--catalog", "dx-seven-sins", "--answers", str(tmp_path / "gone.json")), "gone.json")


def test_score_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"answers": ', encoding="utf-8")
    assert_fails(run("score", "--catalog", "dx-seven-sins", "--answers", str(path), "--json"), "a.json:1:")


def test_score_xlsx_with_wrong_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "a.xlsx"
    Workbook().save(path)
    assert_fails(run("score", "--catalog", "dx-seven-sins", "--answers", str(path)), "a.xlsx", "'answers'")


def test_score_without_any_bank_named(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("answers: {}\n", encoding="utf-8")
    assert_fails(run("score", "--answers", str(path)), "a.yaml", "--catalog")


def test_score_with_unknown_bank(tmp_path: Path) -> None:
    path = filled_yaml(tmp_path, {}, catalog="nope")
    assert_fails(run("score", "--answers", str(path), "--json"), "nope")


@pytest.mark.parametrize(
    "args", [["catalog"], ["catalog", "list"], ["catalog", "show"], ["answers-template"], ["score"]]
)
def test_help(args: list[str]) -> None:
    result = run(*args, "--help")
    assert result.exit_code == 0 and "Usage:" in result.stdout


# ---------------------------------------------------------------- translations


def _messages() -> set[str]:
    found = set()
    for name in MODULES:
        tree = ast.parse((SRC / "assessments" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
                assert len(node.args) == 1 and isinstance(node.args[0], ast.Constant), ast.unparse(node)
                found.add(node.args[0].value)
    return found


def _po_entries(path: Path) -> dict[str, str]:
    entries: dict[str, str] = {}
    key, current = "", {"msgid": "", "msgstr": ""}
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgid ", "msgstr ")):
            key, _, rest = line.partition(" ")
            if key == "msgid" and current["msgid"]:
                entries[current["msgid"]] = current["msgstr"]
            if key == "msgid":
                current = {"msgid": "", "msgstr": ""}
            current[key] = ast.literal_eval(rest)
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
    if current["msgid"]:
        entries[current["msgid"]] = current["msgstr"]
    return entries


def test_every_message_has_a_japanese_draft_with_the_same_placeholders() -> None:
    entries = _po_entries(SRC / "locale-drafts" / "assessments.po")
    messages = _messages()
    assert len(messages) > 40
    for message in messages:
        assert message in entries, f"no draft for {message!r}"
        translation = entries[message]
        assert translation.strip(), message
        assert sorted(re.findall(r"%\(\w+\)s", translation)) == sorted(re.findall(r"%\(\w+\)s", message)), message
