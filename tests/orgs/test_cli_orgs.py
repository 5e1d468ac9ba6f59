"""`rashinban createuser`, `demo`, `migrate`, `serve` and the language of `--help`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.utils import translation

import rashinban
from rashinban.cli import main
from rashinban.i18n import _translations
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, Organisation, User

RASHINBAN = str(Path(sys.executable).with_name("rashinban"))
MO_FILE = Path(rashinban.__file__).parent / "locale" / "ja" / "LC_MESSAGES" / "django.mo"
ENGLISH = {"LANG": "C", "LC_ALL": None, "LC_MESSAGES": None, "LANGUAGE": None, "RASHINBAN_LANG": None}
LONG_PASSWORD = "ichiban-nagai-pass"


@pytest.fixture(autouse=True)
def _restore_language():
    yield
    translation.deactivate()  # the CLI activates its locale's language in this process


def run(*args: str, input: str | None = None):  # noqa: A002 - click's name
    return CliRunner(env=ENGLISH).invoke(main, list(args), input=input)


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A fresh laptop install: SQLite in a temporary data folder, whatever the suite runs on."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "LC_ALL", "LANGUAGE", "RASHINBAN_LANG"}}
    env.update({"RASHINBAN_DATA_DIR": str(tmp_path), "LANG": "C"}, **extra)
    return env


@pytest.mark.django_db
def test_createuser_makes_an_owner_of_a_new_organisation():
    result = run(
        "createuser", "--email", " Boss@Kaisha.example", "--organisation", "株式会社テスト", "--password", LONG_PASSWORD
    )

    assert result.exit_code == 0, result.output
    assert "boss@kaisha.example" in result.stdout
    user = User.objects.get()
    assert user.email == "boss@kaisha.example" and user.check_password(LONG_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.organisation.name, membership.role) == ("株式会社テスト", Role.OWNER)
    assert not user.is_superuser


@pytest.mark.django_db
def test_createuser_asks_for_the_password_twice_when_not_given():
    result = run("createuser", "--email", "prompt@kaisha.example", input=f"{LONG_PASSWORD}\n{LONG_PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert LONG_PASSWORD not in result.output  # typed, not echoed
    user = User.objects.get()
    assert user.check_password(LONG_PASSWORD)
    assert not Membership.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("short@kaisha.example", "elevenchars", "at least 12 characters"),
        ("not-an-address", LONG_PASSWORD, "valid email address"),
        ("a" * 64 + "@" + "b" * 63 + "." + "c" * 30 + ".jp", LONG_PASSWORD, "at most 150 characters"),
    ],
)
def test_createuser_refuses_bad_input_with_status_2_on_stderr(email, password, message):
    result = run("createuser", "--email", email, "--organisation", "株式会社テスト", "--password", password)

    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert not User.objects.exists() and not Organisation.objects.exists()


def test_createuser_refuses_an_existing_address(alice):
    result = run("createuser", "--email", "ALICE@a.example", "--organisation", "乗っ取り", "--password", LONG_PASSWORD)

    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert Organisation.objects.count() == 1
    alice.refresh_from_db()
    assert not alice.check_password(LONG_PASSWORD)


@pytest.mark.django_db
def test_demo_seeds_an_empty_database_once():
    first = run("demo")
    assert first.exit_code == 0, first.output
    org = Organisation.objects.get()
    assert org.diagnoses.filter(completed_at__isnull=False, catalog_id="dx-seven-sins").count() == 2
    assert org.diagnoses.filter(completed_at__isnull=False, catalog_id="security-selfcheck").count() == 1
    owner = Membership.objects.get(organisation=org, role=Role.OWNER).user
    assert owner.email in first.stdout
    counts = (User.objects.count(), Organisation.objects.count(), org.diagnoses.count())

    second = run("demo")

    assert second.exit_code == 0
    assert (User.objects.count(), Organisation.objects.count(), org.diagnoses.count()) == counts


def test_demo_leaves_a_database_with_data_alone(alice, org_a):
    result = run("demo")

    assert result.exit_code == 0
    assert list(Organisation.objects.all()) == [org_a]
    assert list(User.objects.all()) == [alice]
    assert "demo@example.com" not in result.stdout  # no sign-in advertised for an account that does not exist


def test_migrate_then_createuser_in_a_fresh_install_speaks_the_locale(tmp_path):
    assert subprocess.run([RASHINBAN, "migrate"], env=cli_env(tmp_path), capture_output=True).returncode == 0
    assert (tmp_path / "rashinban.sqlite3").exists()

    english = subprocess.run(
        [RASHINBAN, "createuser", "--email", "x@y.example", "--password", "short"],
        env=cli_env(tmp_path),
        capture_output=True,
        text=True,
    )
    japanese = subprocess.run(
        [RASHINBAN, "createuser", "--email", "x@y.example", "--password", "short"],
        env=cli_env(tmp_path, LANG="ja_JP.UTF-8"),
        capture_output=True,
        text=True,
    )

    assert english.returncode == japanese.returncode == 2
    assert english.stdout == japanese.stdout == ""
    assert "This password is too short" in english.stderr  # Django's own message follows LANG=C too
    if MO_FILE.exists():
        assert japanese.stderr != english.stderr
        assert not japanese.stderr.isascii()


def test_help_is_japanese_under_a_japanese_locale(tmp_path):
    english = subprocess.run([RASHINBAN, "--help"], env=cli_env(tmp_path), capture_output=True, text=True)
    japanese = subprocess.run(
        [RASHINBAN, "--help"], env=cli_env(tmp_path, LANG="ja_JP.UTF-8"), capture_output=True, text=True
    )

    assert english.returncode == japanese.returncode == 0
    assert "Rashinban: DX and security guidance for SMEs." in english.stdout
    for command in ("createuser", "demo", "doctor", "migrate", "serve"):
        assert command in english.stdout and command in japanese.stdout
    if not MO_FILE.exists():
        pytest.skip("the Japanese catalogue (django.mo) is not compiled yet")
    assert japanese.stdout != english.stdout
    assert _translations("ja").gettext("Rashinban: DX and security guidance for SMEs.") in japanese.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_health_checks(tmp_path):
    subprocess.run([RASHINBAN, "migrate"], env=cli_env(tmp_path), check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [RASHINBAN, "serve", "--port", str(port)],
        env=cli_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body, headers = json.load(response), response.headers
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "rashinban serve did not answer within 20 s"
                time.sleep(0.2)
        assert body == {"status": "ok", "database": "ok"}
        assert headers["X-Frame-Options"] == "DENY"
    finally:
        server.terminate()
        server.wait(timeout=10)
