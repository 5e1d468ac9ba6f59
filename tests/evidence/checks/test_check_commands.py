"""`rashinban check password|password-policy|backups|devices`: JSON shape, exit codes 0/1/2, clean stdout on error."""

from __future__ import annotations

import json
import logging

import pytest
from click.testing import CliRunner, Result

from rashinban.evidence.checks import backups, devices, password, password_policy

from .conftest import FILES

SECRET = "Sakura!2026tanaka"


def run(command, *args: str, stdin: str | None = None) -> Result:  # type: ignore[no-untyped-def]
    return CliRunner(env={"RASHINBAN_LANG": "en"}).invoke(command, list(args), input=stdin)


def test_password_from_stdin_json_never_echoes_it(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    result = run(password.COMMAND, "--json", stdin=SECRET + "\n")
    data = json.loads(result.stdout)
    assert result.exit_code == 1  # medium findings: a Japanese word and a name
    assert data["check"] == "password" and 0 <= data["score"] <= 4
    assert {f["id"] for f in data["findings"]} >= {"password-japanese-word"}
    assert SECRET not in result.output and SECRET not in caplog.text


def test_password_cannot_be_given_as_an_argument() -> None:
    result = run(password.COMMAND, SECRET)
    assert result.exit_code == 2 and result.stdout == ""
    assert "never read from the command line" in result.stderr and SECRET not in result.stderr


def test_strong_password_exits_zero_with_text_output() -> None:
    result = run(password.COMMAND, stdin="Kuma-Tsuri!7 seaweed Lantern 42\n")
    assert result.exit_code == 0, result.output
    assert "No findings" in result.stdout


def test_empty_password_is_bad_input() -> None:
    result = run(password.COMMAND, "--json", stdin="\n")
    assert result.exit_code == 2 and result.stdout == "" and "enter a password" in result.stderr


def test_policy_command() -> None:
    result = run(password_policy.COMMAND, str(FILES / "policy_good.yaml"), "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["findings"] == []
    result = run(password_policy.COMMAND, str(FILES / "policy_old.yaml"))
    assert result.exit_code == 1 and "discouraged" in result.stdout


def test_backups_command_json_with_today_and_verify(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "nightly.zip").write_bytes(b"x")
    result = run(
        backups.COMMAND, str(FILES / "backups.yaml"), "--today", "2026-11-25", "--verify", str(tmp_path), "--json"
    )
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert data["rule_321"] == 2 and data["verify"]["files"] == 1
    first = data["findings"][0]
    assert set(first) >= {"id", "severity", "title", "detail", "count", "datasets"}
    assert [f["severity"] for f in data["findings"]] == sorted(
        (f["severity"] for f in data["findings"]), key=["critical", "high", "medium", "low", "info"].index
    )


def test_devices_command_and_bad_input() -> None:
    result = run(devices.COMMAND, str(FILES / "devices_ja.csv"), "--today", "2026-11-25", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["devices_total"] == 9
    result = run(devices.COMMAND, str(FILES / "devices_bad_flag.csv"), "--json")
    assert result.exit_code == 2 and result.stdout == ""
    assert "devices_bad_flag.csv, row 3, column “自動更新”" in result.stderr


def test_devices_command_in_japanese() -> None:
    result = CliRunner(env={"RASHINBAN_LANG": "ja"}).invoke(devices.COMMAND, [str(FILES / "devices_bad_flag.csv")])
    assert result.exit_code == 2
    assert "devices_bad_flag.csv, 3行目, 列「自動更新」" in result.stderr
    assert "はい/いいえとして読めません" in result.stderr
    result = CliRunner(env={"RASHINBAN_LANG": "ja"}).invoke(
        devices.COMMAND, [str(FILES / "devices_ja.csv"), "--today", "2026-11-25"]
    )
    assert "台がセキュリティ更新の終わった OS を使っています" in result.stdout
