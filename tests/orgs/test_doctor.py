"""`rashinban doctor --deploy` passes only for a production configuration, and agrees with Django's checks.

Each case runs the real command in a subprocess against a fresh install in a temporary data folder.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

RASHINBAN = str(Path(sys.executable).with_name("rashinban"))
INHERITED = {"PATH", "HOME", "TMPDIR", "SYSTEMROOT"}


def production(**overrides: str) -> dict[str, str]:
    env = {
        "RASHINBAN_HTTPS": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "rashinban.example.jp",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.jp",
    }
    env.update(overrides)
    return env


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("doctor")
    subprocess.run([RASHINBAN, "migrate"], env=clean_env(path), check=True, capture_output=True)
    return path


def clean_env(data_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Nothing from the developer's shell leaks in (no DATABASE_URL, DEBUG, ...): only what the case sets."""
    env = {k: v for k, v in os.environ.items() if k in INHERITED}
    env.update({"RASHINBAN_DATA_DIR": str(data_dir), "LANG": "C"}, **(extra or {}))
    return env


def doctor(data_dir: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [RASHINBAN, "doctor", *args], env=clean_env(data_dir, extra), capture_output=True, text=True, timeout=60
    )


def problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("!")]


def test_production_settings_pass_doctor_deploy(data_dir):
    result = doctor(data_dir, "--deploy", **production())

    assert result.returncode == 0, result.stdout + result.stderr
    assert problems(result) == []
    assert "ok   links: https://rashinban.example.jp" in result.stdout  # mails link to the public host


def test_production_settings_leave_djangos_deploy_check_silent(data_dir):
    env = clean_env(data_dir, {**production(), "DJANGO_SETTINGS_MODULE": "rashinban.config.settings"})

    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy"], env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_laptop_defaults_fail_doctor_deploy_and_say_why(data_dir):
    result = doctor(data_dir, "--deploy")

    assert result.returncode == 1
    found = "\n".join(problems(result))
    for expected in ("security.W004", "security.W008", "security.W012", "security.W016", "mail:", "BASE_URL"):
        assert expected in found


def test_laptop_defaults_pass_the_plain_doctor(data_dir):
    result = doctor(data_dir)

    assert result.returncode == 0, result.stdout
    assert problems(result) == []


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "mail:"),
        ({"DEBUG": "true"}, "security.W018"),
        ({"SECRET_KEY": "django-insecure-short"}, "security.W009"),
        ({"BASE_URL": "http://rashinban.example.jp"}, "BASE_URL"),
        ({"ALLOWED_HOSTS": "127.0.0.1,localhost"}, "BASE_URL"),
    ],
)
def test_one_wrong_production_setting_fails_doctor_deploy(data_dir, override, expected):
    result = doctor(data_dir, "--deploy", **production(**override))

    assert result.returncode == 1
    assert expected in "\n".join(problems(result))


def test_database_without_tables_is_a_problem(tmp_path):
    result = doctor(tmp_path, "--deploy", **production())

    assert result.returncode == 1
    assert "rashinban migrate" in "\n".join(problems(result))
