"""`rashinban roi`: the JSON contract, the table, and the errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from rashinban.cli import main


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["roi", *args])


def test_json_has_exactly_the_documented_keys():
    result = run(
        "--initial",
        "600000",
        "--monthly-cost",
        "10000",
        "--monthly-benefit",
        "60000",
        "--months",
        "12",
        "--subsidy",
        "300000",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["total_cost", "total_benefit", "net", "roi", "payback_month", "npv"]
    assert data == {
        "total_cost": 420000,
        "total_benefit": 720000,
        "net": 300000,
        "roi": 0.7143,
        "payback_month": 6,
        "npv": 300000,
    }


def test_never_paying_back_is_null():
    result = run("--initial", "1000", "--monthly-cost", "0", "--monthly-benefit", "0", "--months", "3", "--json")
    assert json.loads(result.stdout)["payback_month"] is None


def test_zero_months():
    result = run("--initial", "1000", "--monthly-cost", "5", "--monthly-benefit", "5", "--months", "0", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "total_cost": 1000,
        "total_benefit": 0,
        "net": -1000,
        "roi": -1.0,
        "payback_month": None,
        "npv": -1000,
    }


def test_negative_value_exits_2_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("RASHINBAN_LANG", "en")
    result = run("--initial", "100", "--monthly-cost", "-5", "--monthly-benefit", "5", "--months", "3")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--monthly-cost must be 0 or more (got -5)" in result.stderr


def test_table_names_the_figures(monkeypatch):
    monkeypatch.setenv("RASHINBAN_LANG", "en")
    result = run(
        "--initial",
        "1000",
        "--monthly-cost",
        "0",
        "--monthly-benefit",
        "600",
        "--months",
        "2",
        "--discount-rate",
        "0.12682503013196977",
    )
    assert "NPV: ¥182" in result.stdout
    assert "Payback: month 2" in result.stdout


def test_money_is_yen_in_japanese(monkeypatch):
    monkeypatch.setenv("RASHINBAN_LANG", "ja")
    result = run("--initial", "1000", "--monthly-cost", "0", "--monthly-benefit", "600", "--months", "2")
    assert result.exit_code == 0, result.output
    assert "円" in result.stdout and "¥" not in result.stdout
