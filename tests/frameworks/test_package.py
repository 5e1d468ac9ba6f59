"""The evidence package: a zip with a PDF index (embedded Japanese font), the published documents and check
summaries with their dates; never the raw rows of a check."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

from django.utils import timezone

from rashinban.documents.models import DocumentVersion
from rashinban.evidence.models import CheckRun
from rashinban.frameworks.library import builtin_frameworks
from rashinban.frameworks.package import build_package


def test_package_holds_index_documents_and_check_summaries(org_a, alice):
    now = timezone.now()
    DocumentVersion.objects.create(
        organisation=org_a,
        kind="policy",
        number=2,
        title="情報セキュリティ基本方針",
        body="方針の本文",
        published_at=now,
    )
    CheckRun.objects.create(
        organisation=org_a,
        check_name="backups",
        created_at=now - timedelta(days=3),
        result={"findings": [], "rows": [{"who": "secret-person@a.example"}]},
        finding_count=0,
    )
    built = build_package(org_a, builtin_frameworks()["meti-supply-chain-4"], "ja", now)
    archive = zipfile.ZipFile(io.BytesIO(built.content))
    names = set(archive.namelist())
    assert {"00_index.pdf", "index.json", "documents/policy_v2.pdf", "checks/backups.json"} <= names
    pdf = archive.read("00_index.pdf")
    assert pdf.startswith(b"%PDF") and b"FontFile2" in pdf  # the font is embedded, not the reader's
    index = json.loads(archive.read("index.json"))
    assert index["framework"] == "meti-supply-chain-4" and index["draft"] is True
    rc1 = next(r for r in index["requirements"] if r["id"] == "RC-1")
    shown = {s["item"]: s["date"] for s in rc1["shown_by"]}
    assert rc1["status"] == "proven"
    assert shown["check:backups"] == timezone.localtime(now - timedelta(days=3)).date().isoformat()
    check = json.loads(archive.read("checks/backups.json"))
    assert check["within_validity"] and check["passed"] and check["checked"]
    assert b"secret-person" not in built.content and all(b"secret-person" not in archive.read(n) for n in names)
    assert index["documents"][0]["published"] == timezone.localtime(now).date().isoformat()


def test_download_is_for_leads(as_alice, client, bob, org_a):
    from tests.conftest import login

    response = as_alice.get(f"/o/{org_a.id}/frameworks/meti-supply-chain-4/package.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert ".zip" in response["Content-Disposition"]
    login(client, bob)
    assert client.get(f"/o/{org_a.id}/frameworks/meti-supply-chain-4/package.zip").status_code in (403, 404)
