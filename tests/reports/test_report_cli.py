"""`rashinban report`: writes the chosen form; unknown company or format and existing files exit 2, writing nothing."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from rashinban.cli import main


def run(*args: str, lang: str = "en") -> Result:
    return CliRunner(env={"RASHINBAN_LANG": lang}).invoke(main, list(args))


def assert_fails(result: Result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert message in result.stderr


@pytest.mark.parametrize("fmt,magic", [("pdf", b"%PDF-"), ("xlsx", b"PK"), ("html", b"<!doctype html>")])
def test_writes_the_report_in_the_chosen_form(reported_org, tmp_path, fmt, magic):
    target = tmp_path / f"report.{fmt}"

    result = run("report", "--org", "a-shoji", "--format", fmt, "-o", str(target))

    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(magic)
    assert "A商事" in result.stdout and str(target) in result.stdout


def test_language_follows_the_locale_and_date_option_picks_the_day(reported_org, tmp_path):
    target = tmp_path / "report.xlsx"

    result = run("report", "--org", "a-shoji", "--format", "xlsx", "-o", str(target), "--date", "2026-04-30", lang="ja")

    assert result.exit_code == 0, result.output
    summary = load_workbook(io.BytesIO(target.read_bytes())).worksheets[0]
    values = [v for row in summary.iter_rows(values_only=True) for v in row if v is not None]
    assert datetime(2026, 4, 30) in values and "危険" in values and "レポート作成日" in values


def test_unknown_company_exits_2_and_writes_nothing(reported_org, tmp_path):
    target = tmp_path / "report.pdf"

    assert_fails(run("report", "--org", "nobody", "--format", "pdf", "-o", str(target)), "'nobody'")
    assert not target.exists() and not list(tmp_path.iterdir())


def test_unknown_format_exits_2_and_writes_nothing(reported_org, tmp_path):
    target = tmp_path / "report.doc"

    assert_fails(run("report", "--org", "a-shoji", "--format", "doc", "-o", str(target)), "--format")
    assert not target.exists()


def test_refuses_to_overwrite_without_force(reported_org, tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"keep me")

    assert_fails(run("report", "--org", "a-shoji", "--format", "pdf", "-o", str(target)), "--force")
    assert target.read_bytes() == b"keep me"

    assert run("report", "--org", "a-shoji", "--format", "pdf", "-o", str(target), "--force").exit_code == 0
    assert target.read_bytes().startswith(b"%PDF-")


def test_messages_in_japanese(reported_org, tmp_path: Path):
    result = run("report", "--org", "nobody", "--format", "pdf", "-o", str(tmp_path / "r.pdf"), lang="ja")

    assert result.exit_code == 2 and "nobody" in result.stderr and "エラー" in result.stderr
