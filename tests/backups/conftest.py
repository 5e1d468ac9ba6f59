from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.backups.installations import Installation, Installations
from tests.backups.seeding import seed_demo_company
from tests.conftest import on_postgres


def _vendor() -> str:
    return "postgresql" if on_postgres() else "sqlite"


@pytest.fixture
def installations(tmp_path: Path) -> Iterator[Installations]:
    made = Installations(tmp_path, _vendor())
    yield made
    made.cleanup()


@dataclass
class DemoBackup:
    """The demo company, seeded once per test run, and its backup."""

    source: Installation
    archive: Path
    summary: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="session")
def demo_backup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoBackup]:
    folder = tmp_path_factory.mktemp("demo-backup")
    made = Installations(folder, _vendor())
    source = made.new("source")
    seed_demo_company(source)
    archive = folder / "rashinban.zip"
    summary = json.loads(source.rashinban("backup", "-o", str(archive), "--json").stdout)
    yield DemoBackup(source, archive, summary, source.rows())
    made.cleanup()
