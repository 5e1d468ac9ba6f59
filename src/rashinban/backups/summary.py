"""What a backup or restore reports back: progress while it runs, a summary when done."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol


class Progress(Protocol):
    """Told about long work; the CLI draws a progress bar, tests and `--json` pass NO_PROGRESS."""

    def phase(self, label: str, total: int) -> None: ...

    def advance(self, amount: int) -> None: ...

    def finish(self) -> None: ...


class _NoProgress:
    def phase(self, label: str, total: int) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass

    def finish(self) -> None:
        pass


NO_PROGRESS: Progress = _NoProgress()


@dataclass
class Summary:
    """The `--json` object of `rashinban backup` and `rashinban restore`."""

    file: str
    bytes: int
    tables: int
    rows: int
    media_files: int
    media_bytes: int
    database: str  # vendor written to (restore) or read from (backup)
    source_database: str
    created_at: str
    product_version: str
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
