"""The `rashinban check` contract: one JSON object, exit 0/1/2, messages on stderr, text in the locale's language."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rashinban.cli import main
from tests.evidence.test_account_exports import FIXTURES


@pytest.fixture
def cli(monkeypatch):
    monkeypatch.setenv("RASHINBAN_LANG", "en")

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)

    return invoke


def test_json_is_one_object_and_findings_exit_1(cli):
    result = cli("accounts", str(FIXTURES / "google_workspace_users.csv"), "--today", "2026-11-25", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)  # the whole of stdout is one JSON object
    assert data["check"] == "accounts" and data["total"] == 7 and data["mfa_coverage"] == 0.5
    assert [f["id"] for f in data["findings"]] == ["no-mfa", "never-signed-in", "shared-account", "stale"]
    assert result.stderr == ""


def test_a_clean_tenant_exits_0(cli, tmp_path):
    path = tmp_path / "clean.csv"
    path.write_text("email,name,mfa,last_sign_in\nyamada@e.jp,山田 太郎,yes,2026-11-20\n", encoding="utf-8")
    result = cli("accounts", str(path), "--today", "2026-11-25", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


def test_low_findings_alone_do_not_fail(cli, dns_server):
    result = cli("mail-domain", "weak.test", "--nameserver", dns_server, "--dkim-selector", "none", "--json")
    assert result.exit_code == 1  # dmarc-none is medium
    result = cli("mail-domain", "good.test", "--nameserver", dns_server, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["findings"] == []


def test_bad_input_exits_2_with_file_row_and_column_on_stderr_only(cli):
    result = cli("accounts", str(FIXTURES / "bad_date.csv"), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "bad_date.csv, row 3, column “last_sign_in”" in result.stderr


def test_a_missing_file_or_bad_domain_is_bad_input(cli):
    assert cli("accounts", "/nonexistent.csv").exit_code == 2
    result = cli("mail-domain", "not a domain", "--json")
    assert result.exit_code == 2 and result.stdout == "" and "not a domain" in result.stderr


def test_human_output_lists_findings_worst_first_with_what_to_do(cli):
    result = cli("accounts", str(FIXTURES / "entra_registration_export.csv"), "--today", "2026-11-25")
    assert result.exit_code == 1
    out = result.stdout
    assert out.index("[critical] 1 administrator signs in without MFA") < out.index("[high] 2 accounts have no MFA")
    assert "Turn on MFA for these accounts today" in out and "sato@example.co.jp" in out
    assert "mfa_coverage: 0.5" in out


def test_japanese_locale_gives_japanese_text(cli, monkeypatch):
    monkeypatch.setenv("RASHINBAN_LANG", "ja")
    result = cli("accounts", str(FIXTURES / "entra_registration_export.csv"), "--today", "2026-11-25", "--json")
    titles = [f["title"] for f in json.loads(result.stdout)["findings"]]
    assert all(any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in t) for t in titles), titles
    bad = cli("accounts", str(FIXTURES / "bad_date.csv"))
    assert "行" in bad.stderr


def test_several_files_and_a_roster_on_the_command_line(cli):
    result = cli(
        "accounts",
        str(FIXTURES / "m365_active_users.csv"),
        str(FIXTURES / "entra_registration_portal.csv"),
        "--roster",
        str(FIXTURES / "roster.csv"),
        "--stale-days",
        "30",
        "--json",
    )
    data = json.loads(result.stdout)
    assert data["formats"] == ["m365-active-users", "entra-registration"]
    assert "not-on-roster" in [f["id"] for f in data["findings"]]
