"""The result every evidence check returns, shared by the CLI (`rashinban check ...`), the web pages and the history.

Checkers are plain Python: they take parsed input and return a `CheckResult`; they import no Django model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "low", "medium", "high", "critical")
RANK = {name: index for index, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Finding:
    id: str  # stable id, part of the CLI contract (e.g. "no-mfa", "spf-missing")
    severity: str  # one of SEVERITIES
    title: str  # current language, plain words
    detail: str  # what it means and what to do, current language
    count: int = 1
    extra: dict[str, Any] = field(default_factory=dict)  # merged into the JSON finding, e.g. {"accounts": [...]}

    def __post_init__(self) -> None:
        if self.severity not in RANK:
            raise ValueError(f"unknown severity {self.severity!r}")

    def as_json(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "severity": self.severity,
            "title": self.title,
            "detail": self.detail,
            "count": self.count,
        }
        data.update(self.extra)
        return data


@dataclass
class CheckResult:
    check: str  # "accounts", "mail-domain", "password-policy", "backups", "devices", ...
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)  # check-specific top-level JSON keys (total, spf, ...)

    def sorted_findings(self) -> list[Finding]:
        """Worst first, then by id, so output is stable."""
        return sorted(self.findings, key=lambda f: (-RANK[f.severity], f.id))

    @property
    def failed(self) -> bool:
        """True when any finding is medium or worse: the CLI then exits 1."""
        return any(RANK[f.severity] >= RANK["medium"] for f in self.findings)

    @property
    def worst(self) -> str | None:
        return self.sorted_findings()[0].severity if self.findings else None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"check": self.check}
        data.update(self.summary)
        data["findings"] = [f.as_json() for f in self.sorted_findings()]
        return data
