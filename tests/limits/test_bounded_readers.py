"""Honest files pass the bounded readers unchanged; each bound holds exactly at its value."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest
from openpyxl import Workbook

from rashinban import limits
from rashinban.limits import LimitError
from tests.limits.corpus import _rows, _xlsx


def workbook_bytes(rows: list[list[object]], gap_before: int | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for number, row in enumerate(rows, start=1):
        target = number + (5 if gap_before and number >= gap_before else 0)
        for column, value in enumerate(row, start=1):
            sheet.cell(row=target, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_rows(data: bytes, profile: limits.Limits = limits.DEFAULT) -> list[tuple[int, list[object]]]:
    with limits.read_workbook(data, "book.xlsx", profile) as book:
        return list(limits.sheet_rows(book.worksheets[0], "book.xlsx", profile))


def test_an_ordinary_workbook_reads_with_excel_row_numbers():
    data = workbook_bytes([["name", "count"], ["東京", 3], ["大阪", 4]], gap_before=3)
    assert read_rows(data) == [(1, ["name", "count"]), (2, ["東京", 3]), (8, ["大阪", 4])]


def test_a_wide_but_honest_sheet_passes_and_one_column_more_is_refused():
    data = workbook_bytes([[f"c{i}" for i in range(40)]])
    assert len(read_rows(data, limits.DEFAULT.but(max_columns=40))[0][1]) == 40
    with pytest.raises(LimitError, match="more than 39 columns"):
        read_rows(data, limits.DEFAULT.but(max_columns=39))


@pytest.mark.parametrize("cells", [52_000, 52_001])
def test_cells_are_counted_exactly_across_the_slices_the_scan_reads(cells):
    # 2,600 rows of 20 cells: the sheet is several MB, so tags fall on the seams of the 1 MiB slices.
    data = _xlsx(_rows(2_600, 20, value=b"<v>12345678901234567890</v>"))
    profile = limits.DEFAULT.but(max_cells=cells)
    if cells >= 52_000:
        assert len(read_rows(data, profile)) == 2_600
    else:
        with pytest.raises(LimitError):
            read_rows(data, profile)


def test_one_cell_less_than_counted_is_refused():
    data = _xlsx(_rows(2_600, 20, value=b"<v>12345678901234567890</v>"))
    with pytest.raises(LimitError, match="more than 51,999 cells"):
        read_rows(data, limits.DEFAULT.but(max_cells=51_999))


def test_a_cell_at_the_length_limit_passes_and_one_character_more_is_refused():
    text = "あ&<" * 1000
    data = workbook_bytes([[text]])
    assert read_rows(data, limits.DEFAULT.but(max_cell_chars=3000)) == [(1, [text])]
    with pytest.raises(LimitError, match="longer than 2,999 characters"):
        read_rows(data, limits.DEFAULT.but(max_cell_chars=2999))


def test_csv_rows_keep_their_line_numbers_and_quoted_newlines():
    text = 'name,note\r\n"A","two\r\nlines"\r\nB,x\r\n'
    reader = limits.csv_rows(text, "a.csv", limits.DEFAULT)
    rows = [(reader.line_num, row) for row in reader]
    assert rows == [(1, ["name", "note"]), (3, ["A", "two\r\nlines"]), (4, ["B", "x"])]


def test_max_rows_counts_the_rows_of_data_under_the_header_in_csv_and_excel():
    """A 100,000-account export is 100,001 lines with its header: max_rows is the accounts, not the lines."""
    profile = limits.DEFAULT.but(max_rows=3)
    lines = [["email", "mfa"]] + [[f"p{n}@example.com", "True"] for n in range(4)]
    text = "".join(",".join(row) + "\n" for row in lines[:4])
    assert len(list(limits.csv_rows(text, "users.csv", profile))) == 4  # header + 3 rows of data
    with pytest.raises(LimitError) as caught:
        list(limits.csv_rows(text + "p9@example.com,True\n", "users.csv", profile))
    assert str(caught.value) == "users.csv, row 5: the file has more than 3 rows"
    assert len(read_rows(workbook_bytes(lines[:4]), profile)) == 4
    with pytest.raises(LimitError, match="more than 3 rows"):
        read_rows(workbook_bytes(lines), profile)


def test_csv_in_shift_jis_is_decoded():
    assert limits.decode_text("氏名,メール\n".encode("cp932"), "a.csv", limits.DEFAULT) == "氏名,メール\n"


def test_a_csv_field_over_the_limit_names_its_row():
    text = "a,b\n1,2\n3," + "x" * 40_000 + "\n"
    with pytest.raises(LimitError) as caught:
        list(limits.csv_rows(text, "a.csv", limits.DEFAULT))
    assert str(caught.value).startswith("a.csv, row 3:")


def test_json_and_yaml_within_bounds_parse_as_usual():
    assert limits.load_json('{"a": [1, {"b": "ü"}]}', "a.json", limits.DEFAULT) == {"a": [1, {"b": "ü"}]}
    text = "base: &b {x: 1}\nuse: [*b, *b]\n"
    assert limits.load_yaml(text, "a.yaml", limits.DEFAULT) == {"base": {"x": 1}, "use": [{"x": 1}, {"x": 1}]}


def test_yaml_aliases_count_what_they_stand_for():
    text = "a: &a [1, 2, 3, 4]\nb: [*a, *a, *a]\n"  # 5 + 1 + 3 * 5 = 21 values with the root and keys
    limits.check_yaml(text, "a.yaml", limits.DEFAULT.but(max_items=30))
    with pytest.raises(LimitError, match="more than 15 values"):
        limits.check_yaml(text, "a.yaml", limits.DEFAULT.but(max_items=15))


def test_depth_holds_at_its_value():
    assert limits.load_json("[[[1]]]", "a.json", limits.DEFAULT.but(max_depth=3)) == [[[1]]]
    with pytest.raises(LimitError, match="deeper than 2 levels"):
        limits.load_json("[[[1]]]", "a.json", limits.DEFAULT.but(max_depth=2))
    limits.check_yaml("a: [[1]]\n", "a.yaml", limits.DEFAULT.but(max_depth=3))
    with pytest.raises(LimitError, match="deeper than 2 levels"):
        limits.check_yaml("a: [[1]]\n", "a.yaml", limits.DEFAULT.but(max_depth=2))


def test_yaml_syntax_errors_are_left_to_the_callers_parser():
    limits.check_yaml("a: [1,\n", "a.yaml", limits.DEFAULT)  # no LimitError: not a bound


def test_gzip_and_zip_within_bounds_read_back():
    assert limits.read_gzip(gzip.compress(b"hello" * 100), "a.gz", limits.DEFAULT) == b"hello" * 100
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "one")
    with limits.open_zip(out.getvalue(), "a.zip", limits.DEFAULT) as archive:
        assert limits.read_member(archive, "a.txt", "a.zip", limits.DEFAULT) == b"one"


def test_a_truncated_gzip_is_refused():
    with pytest.raises(LimitError, match="not a readable gzip"):
        limits.read_gzip(gzip.compress(b"hello" * 100)[:-12], "a.gz", limits.DEFAULT)


def test_the_upload_size_is_checked_first():
    with pytest.raises(LimitError, match="larger than 1 KB"):
        limits.decode_text(b"a" * 2000, "a.csv", limits.DEFAULT.but(max_bytes=1024))


def test_xml_without_a_dtd_parses():
    assert limits.parse_xml(b"<feedback><record/></feedback>", "a.xml", limits.DEFAULT).tag == "feedback"


def test_a_json_document_may_be_one_scalar():
    # Found by tests/pentest/test_fuzz.py: the walk enumerated an int.
    assert limits.load_json("1", "a.json", limits.DEFAULT) == 1
    assert limits.load_json('"x"', "a.json", limits.DEFAULT) == "x"
