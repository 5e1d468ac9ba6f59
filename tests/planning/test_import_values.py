"""Importing KPI values from CSV and Excel: all rows or none, and errors that name file, row and column."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from rashinban.planning.importer import ImportProblem, parse_rows, read_table
from rashinban.planning.models import Measurement
from tests.planning.helpers import make_kpi


def upload(client, org, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post(f"/o/{org.id}/plan/values/import/", {"file": SimpleUploadedFile(name, content)})


def test_csv_in_shift_jis_with_japanese_headers(as_alice, org_a):
    kpi = make_kpi(org_a, "請求書処理時間")
    text = '指標,日付,値,メモ\n請求書処理時間,2026/02/28,92,\n請求書処理時間,2026-03-31,"85",3月\n'
    response = upload(as_alice, org_a, "values.csv", text.encode("cp932"))
    assert response.status_code == 302
    assert list(Measurement.objects.filter(target=kpi).values_list("value", "note")) == [(92.0, ""), (85.0, "3月")]


def test_excel_file(as_alice, org_a):
    kpi = make_kpi(org_a, "Hours")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kpi", "date", "value"])
    sheet.append(["hours", "2026-02-01", 1_234.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload(as_alice, org_a, "values.xlsx", buffer.getvalue()).status_code == 302
    assert Measurement.objects.get(target=kpi).value == 1234.5


def test_one_bad_row_imports_nothing_and_names_row_and_column(as_alice, org_a):
    make_kpi(org_a, "請求書処理時間")
    text = "kpi,date,value\n請求書処理時間,2026-02-01,90\n請求書処理時間,2026-03-01,たくさん\n"
    response = upload(as_alice, org_a, "march.csv", text.encode())
    assert response.status_code == 200
    # In the user's language (Japanese): file, row and column named.
    assert "march.csv, 3行目, 列「value」: 「たくさん」は数値ではありません" in response.content.decode()
    with translation.override("en"):
        try:
            parse_rows("march.csv", read_table("march.csv", text.encode()))
        except ImportProblem as problem:
            assert str(problem) == "march.csv, row 3, column “value”: “たくさん” is not a number"
    assert not Measurement.objects.exists()


def test_unknown_kpi_names_the_row_and_column(as_alice, org_a):
    make_kpi(org_a, "請求書処理時間")
    response = upload(as_alice, org_a, "v.csv", "kpi,date,value\n存在しない指標,2026-02-01,1\n".encode())
    page = response.content.decode()
    assert "v.csv" in page and "存在しない指標" in page
    assert not Measurement.objects.exists()


def test_kpi_of_another_company_is_not_found(as_alice, org_a, org_b):
    theirs = make_kpi(org_b, "B指標")
    response = upload(as_alice, org_a, "v.csv", f"kpi,date,value\n{theirs.pk},2026-02-01,1\n".encode())
    assert response.status_code == 200
    assert not Measurement.objects.exists()


def test_problems_of_the_pure_reader():
    cases = [
        ("a.pdf", b"x", None),
        ("a.csv", b"", None),
        ("a.csv", b"name,when\nx,y\n", 1),
        ("a.csv", b"kpi,date,value\nx,31-02-2026,1\n", 2),
        ("a.csv", b"kpi,date,value\n,2026-01-01,1\n", 2),
        ("a.csv", b"kpi,date,value\nx,2999-01-01,1\n", 2),
        ("a.xlsx", b"not a zip", None),
    ]
    from datetime import date

    for name, content, row in cases:
        try:
            parse_rows(name, read_table(name, content), date(2026, 6, 1))
        except ImportProblem as problem:
            assert problem.file == name and problem.row == row, (name, content)
        else:
            raise AssertionError(f"{name} {content!r} was accepted")


def test_blank_rows_are_skipped():
    rows = parse_rows("a.csv", read_table("a.csv", b'kpi,date,value\n\nx,2026-01-01,"1,200"\n,,\n'))
    assert [(r.row, r.value) for r in rows] == [(3, 1200.0)]
