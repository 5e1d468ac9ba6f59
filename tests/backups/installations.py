"""Real installations for backup tests: a data folder and a database of their own, driven by subprocesses.

The database follows the suite's pass: SQLite in the data folder, or, when DATABASE_URL names
PostgreSQL, a new database with a unique name, dropped afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RASHINBAN = str(Path(sys.executable).with_name("rashinban"))
ROWS_SCRIPT = Path(__file__).with_name("db_rows.py")
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"


@dataclass
class Installation:
    data_dir: Path
    database_url: str | None = None
    env: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        drop = {"DATABASE_URL", "LC_ALL", "LANGUAGE", "RASHINBAN_LANG", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
        self.env = {k: v for k, v in os.environ.items() if k not in drop}
        self.env.update(RASHINBAN_DATA_DIR=str(self.data_dir), LANG="C")
        if self.database_url:
            self.env["DATABASE_URL"] = self.database_url

    @property
    def vendor(self) -> str:
        return "postgresql" if self.database_url else "sqlite"

    @property
    def media(self) -> Path:
        return self.data_dir / "media"

    def rashinban(self, *args: str, expect: int | None = 0) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([RASHINBAN, *args], env=self.env, capture_output=True, text=True, timeout=300)
        if expect is not None:
            assert result.returncode == expect, f"rashinban {' '.join(args)}: {result.stdout}{result.stderr}"
        return result

    def python(self, code: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Run Django code in this installation (settings set up, `django` configured)."""
        prelude = (
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'rashinban.config.settings'; django.setup()\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", prelude + code, *args], env=self.env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr
        return result

    def popen(self, code: str) -> subprocess.Popen[str]:
        prelude = (
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'rashinban.config.settings'; django.setup()\n"
        )
        return subprocess.Popen(
            [sys.executable, "-c", prelude + code],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """Every table's rows as Django serializes them, keyed by model label."""
        result = subprocess.run(
            [sys.executable, str(ROWS_SCRIPT)], env=self.env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def media_files(self) -> dict[str, bytes]:
        if not self.media.is_dir():
            return {}
        return {p.relative_to(self.media).as_posix(): p.read_bytes() for p in self.media.rglob("*") if p.is_file()}


def postgres_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


class Installations:
    """Makes installations in a temporary folder and drops the PostgreSQL databases it created."""

    def __init__(self, root: Path, vendor: str) -> None:
        self.root, self.vendor, self.databases = root, vendor, []

    def new(self, name: str, vendor: str | None = None) -> Installation:
        vendor = vendor or self.vendor
        url = None
        if vendor == "postgresql":
            database = f"rashinban_backup_{uuid.uuid4().hex[:12]}"
            postgres_admin(f'CREATE DATABASE "{database}"')
            self.databases.append(database)
            url = f"{POSTGRES_SERVER}/{database}"
        return Installation(self.root / name, url)

    def cleanup(self) -> None:
        for database in self.databases:
            postgres_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def rewrite_archive(source: Path, target: Path, change: Any) -> None:
    """Copy a zip member by member; `change(name, data)` returns new bytes, or None to leave a member out."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)


def manifest_of(archive: Path) -> dict[str, Any]:
    with zipfile.ZipFile(archive) as opened:
        return json.loads(opened.read("manifest.json"))
