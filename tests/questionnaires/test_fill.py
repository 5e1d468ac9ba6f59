"""Filling a customer's questionnaire: drafts from the company's records, written back into the customer's own
layout with formulas, merged cells, styles, drop-downs and the other sheet intact."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.utils import timezone
from openpyxl import load_workbook

from rashinban.assessments.catalog import get_catalog
from rashinban.assessments.models import Diagnosis
from rashinban.documents.models import DocumentVersion
from rashinban.limits import LimitError
from rashinban.questionnaires.workbook import read_layout, write_answers
from tests.questionnaires.workbooks import FIRST, customer_workbook

SELFCHECK = get_catalog("security-selfcheck")


def done(*qids: str) -> dict[str, str]:
    return {q: max(SELFCHECK.question(q).options, key=lambda o: o.points).id for q in qids}


def test_layout_is_detected():
    layout = read_layout(customer_workbook(), "調査票.xlsx")
    assert (layout.sheet, layout.question_column, layout.answer_column) == ("調査票", "C", "D")
    assert [r.row for r in layout.rows] == [FIRST + 1, FIRST + 2, FIRST + 3, FIRST + 5, FIRST + 6, FIRST + 7]
    assert layout.sheets == ["表紙", "調査票"]


def test_bad_choices_name_the_file():
    with pytest.raises(LimitError, match="調査票.xlsx"):
        read_layout(customer_workbook(), "調査票.xlsx", sheet_name="ない")
    with pytest.raises(LimitError, match="1C"):
        read_layout(customer_workbook(), "調査票.xlsx", question_column="1C")
    with pytest.raises(LimitError, match="x.xlsx"):
        read_layout(b"PK\x03\x04 not really", "x.xlsx")


def test_writing_keeps_the_customer_layout():
    data = customer_workbook()
    layout = read_layout(data, "q.xlsx")
    out, written = write_answers(data, "q.xlsx", layout, {FIRST + 1: "はい", FIRST + 2: "=1+1"})
    book = load_workbook(io.BytesIO(out))
    before = load_workbook(io.BytesIO(data))
    sheet = book["調査票"]
    assert sheet[f"D{FIRST + 1}"].value == "はい" and sheet[f"D{FIRST + 2}"].value == "'=1+1"  # text, not a formula
    assert written == [FIRST + 1, FIRST + 2]
    assert book.sheetnames == before.sheetnames
    assert book["表紙"]["B4"].value == before["表紙"]["B4"].value and book["表紙"]["B4"].value.startswith("=COUNTA")
    assert sheet["F2"].value.startswith("=COUNTA")
    assert sorted(map(str, sheet.merged_cells.ranges)) == sorted(map(str, before["調査票"].merged_cells.ranges))
    assert sheet[f"C{FIRST - 1}"].fill.fgColor.rgb == before["調査票"][f"C{FIRST - 1}"].fill.fgColor.rgb
    assert sheet.column_dimensions["C"].width == 60
    assert len(sheet.data_validations.dataValidation) == 1


def test_cli_fills_from_the_company_records(org_a, tmp_path):
    from rashinban.cli import main

    now = timezone.now()
    Diagnosis.objects.create(
        organisation=org_a,
        catalog_id="security-selfcheck",
        catalog_version=SELFCHECK.version,
        completed_at=now - timedelta(days=2),
        management_answers=done("basic-updates", "basic-antimalware"),
    )
    DocumentVersion.objects.create(
        organisation=org_a, kind="policy", number=1, title="方針", body="x", published_at=now
    )
    source = tmp_path / "調査票.xlsx"
    source.write_bytes(customer_workbook())
    out = tmp_path / "回答.xlsx"
    runner = CliRunner(env={"RASHINBAN_LANG": "ja"})
    result = runner.invoke(main, ["questionnaire", "fill", "--org", org_a.slug, str(source), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["row"]: r for r in json.loads(result.output)["rows"]}
    assert rows[FIRST + 1]["matched"] == "question:basic-updates" and rows[FIRST + 1]["answer"].startswith("はい")
    assert rows[FIRST + 1]["confidence"] > 0 and "security-action 1-1" in rows[FIRST + 1]["requirements"]
    policy = rows[FIRST + 5]
    assert policy["matched"] == "question:org-policy" and policy["answer"].startswith("はい")  # not answered, but
    assert timezone.localdate().isoformat() in policy["source"]  # the published policy proves it, with its date
    assert rows[FIRST + 7]["matched"] is None and rows[FIRST + 7]["answer"] == ""  # 従業員数: by hand
    assert rows[FIRST + 3]["matched"] == "question:basic-mfa" and rows[FIRST + 3]["answer"] == ""  # not answered yet
    sheet = load_workbook(out)["調査票"]
    assert sheet[f"D{FIRST + 1}"].value.startswith("はい")
    assert sheet[f"D{FIRST + 7}"].value is None
    again = runner.invoke(main, ["questionnaire", "fill", "--org", org_a.slug, str(source), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output


def test_damaged_workbooks_are_refused_with_a_message():
    import random

    good = customer_workbook()
    rng = random.Random(20)
    for _ in range(60):
        data = bytearray(good)
        for _flip in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            layout = read_layout(bytes(data), "damaged.xlsx")
        except LimitError as error:
            assert "damaged.xlsx" in str(error)
        else:
            write_answers(bytes(data), "damaged.xlsx", layout, {r.row: "はい" for r in layout.rows})
