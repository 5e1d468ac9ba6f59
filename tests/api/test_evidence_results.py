"""Every check the API runs answers its typed result (evidence_schemas.py), from the samples users start with."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from rashinban.evidence.checks.samples import BACKUP_REGISTER, DEVICES_INVENTORY, PASSWORD_POLICY, STATIC_DIR

FIXTURES = Path(__file__).resolve().parents[1] / "evidence" / "fixtures"


def upload(field: str, path: Path) -> dict[str, str]:
    return {"field": field, "name": path.name, "content_base64": base64.b64encode(path.read_bytes()).decode()}


RUNS = {
    "accounts": {"files": [upload("files", FIXTURES / "google_workspace_users.csv")], "values": {"stale_days": 60}},
    "backups": {"files": [upload("register", STATIC_DIR / BACKUP_REGISTER)]},
    "devices": {"files": [upload("inventory", STATIC_DIR / DEVICES_INVENTORY)]},
    "password-policy": {"files": [upload("policy", STATIC_DIR / PASSWORD_POLICY)]},
    "mail-domain": {"values": {"domain": "example.co.jp"}},
}


@pytest.mark.parametrize("check", sorted(RUNS))
def test_each_check_answers_its_typed_result(write_api, settings, check):
    # Nothing answers DNS on this loopback port: the mail-domain check says so in a finding.
    settings.EVIDENCE_NAMESERVER, settings.EVIDENCE_DNS_TIMEOUT = "127.0.0.1:9", 0.2

    created = write_api.post(f"/api/v1/evidence/checks/{check}/runs", RUNS[check])

    assert created.status_code == 201, created.content
    run = created.json()
    assert run["check"] == run["result"]["check"] == check
    assert "findings" not in run["result"]  # findings are typed once, beside the result
    again = write_api.get(f"/api/v1/evidence/runs/{run['id']}").json()
    assert again == run
