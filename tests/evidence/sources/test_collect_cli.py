"""`rashinban collect ...`: the JSON and exit codes of `check accounts` plus "source"; secrets only from files."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rashinban.cli import main
from rashinban.evidence.models import CheckRun, RunSource
from tests.evidence.sources.fake_cloud import ADMIN_EMAIL, CLIENT_SECRET, generic_csv


@pytest.fixture
def run(monkeypatch):
    monkeypatch.setenv("RASHINBAN_LANG", "en")

    def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)

    return invoke


def m365_args(cloud, secret_file) -> list[str]:
    return [
        "collect", "microsoft365", "--tenant-id", cloud.tenant, "--client-id", cloud.client_id,
        "--client-secret-file", str(secret_file), "--graph-url", cloud.url, "--login-url", cloud.url,
        "--today", "2026-11-25",
    ]  # fmt: skip


def test_the_json_is_that_of_check_accounts_on_the_same_users_plus_source(run, cloud, secret_file, tmp_path):
    collected = run(*m365_args(cloud, secret_file), "--json")
    export = tmp_path / "users.csv"
    export.write_text(generic_csv(cloud.users), encoding="utf-8")
    checked = run("check", "accounts", str(export), "--today", "2026-11-25", "--json")
    assert collected.exit_code == checked.exit_code == 1 and collected.stderr == ""
    from_service, from_file = json.loads(collected.stdout), json.loads(checked.stdout)
    assert set(from_service) - set(from_file) == {"source"}
    assert from_service["formats"] == ["microsoft365"] and from_file["formats"] == ["generic"]
    for key in ("check", "total", "enabled", "mfa_enabled", "mfa_coverage", "findings"):
        assert from_service[key] == from_file[key], key
    assert CLIENT_SECRET not in collected.output


def test_the_secret_can_come_from_standard_input_and_never_shows(run, cloud):
    result = run(*m365_args(cloud, "-"), "--json", stdin=CLIENT_SECRET + "\n")
    assert result.exit_code == 1 and CLIENT_SECRET not in result.output
    assert json.loads(result.stdout)["source"]["tenant"] == cloud.tenant


def test_a_refused_secret_exits_2_with_the_reason_on_stderr(run, cloud, tmp_path):
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not-the-secret")
    result = run(*m365_args(cloud, wrong), "--json")
    assert result.exit_code == 2 and result.stdout == ""
    assert "invalid_client" in result.stderr and "not-the-secret" not in result.stderr


def test_a_missing_secret_file_exits_2(run, cloud, tmp_path):
    result = run(*m365_args(cloud, tmp_path / "nope.txt"), "--json")
    assert result.exit_code == 2 and "nope.txt" in result.stderr and result.stdout == ""


def test_devices_can_be_printed_instead(run, cloud, secret_file):
    result = run(*m365_args(cloud, secret_file), "--show", "devices", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and data["check"] == "devices" and data["devices_total"] == 3


def test_text_output_lists_the_findings(run, cloud, secret_file):
    result = run(*m365_args(cloud, secret_file))
    assert result.exit_code == 1 and "yamada@example.co.jp" in result.stdout


def test_google_workspace_from_a_key_file(run, cloud, tmp_path):
    key = tmp_path / "key.json"
    key.write_text(json.dumps(cloud.service_account()))
    result = run(
        "collect", "google-workspace", "--credentials", str(key), "--admin-email", ADMIN_EMAIL,
        "--api-url", cloud.url, "--today", "2026-11-25", "--json",
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and data["check"] == "accounts" and data["total"] == 6
    assert data["source"]["service"] == "google-workspace" and "PRIVATE" not in result.output


def test_a_broken_key_file_names_the_file_and_field(run, tmp_path):
    key = tmp_path / "key.json"
    key.write_text(json.dumps({"type": "service_account", "client_email": "x@y"}))
    result = run("collect", "google-workspace", "--credentials", str(key), "--admin-email", "a@b", "--json")
    assert result.exit_code == 2 and "key.json" in result.stderr and "private_key" in result.stderr


@pytest.mark.django_db
def test_with_org_the_collection_is_stored_as_the_company_evidence(run, cloud, secret_file, org_a):
    result = run(*m365_args(cloud, secret_file), "--org", org_a.slug, "--json")
    assert result.exit_code == 1
    runs = {r.check_name: r for r in CheckRun.objects.filter(organisation=org_a)}
    assert set(runs) == {"accounts", "devices"}
    assert runs["accounts"].source == RunSource.CLI and runs["accounts"].worst == "critical"
    assert runs["accounts"].result["source"]["service"] == "microsoft365"
    assert runs["accounts"].result["findings"] == json.loads(result.stdout)["findings"]
    assert cloud.tenant in runs["accounts"].input_name


@pytest.mark.django_db
def test_an_unknown_org_exits_2(run, cloud, secret_file):
    result = run(*m365_args(cloud, secret_file), "--org", "no-such-company", "--json")
    assert result.exit_code == 2 and "no-such-company" in result.stderr
