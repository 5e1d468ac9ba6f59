"""Evidence checks, KPIs and measurements, initiatives and security actions through the API."""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from rashinban.evidence.models import CheckRun
from rashinban.planning.models import Measurement
from rashinban.security.models import ActionItem
from tests.planning.helpers import make_kpi

FIXTURES = Path(__file__).resolve().parents[1] / "evidence" / "fixtures"


def test_list_checks_and_run_the_accounts_check_on_an_uploaded_file(write_api, org_a):
    names = {c["name"] for c in write_api.get("/api/v1/evidence/checks").json()["items"]}
    assert {"accounts", "mail-domain"} <= names and "password" not in names  # passwords never go into a history

    content = base64.b64encode((FIXTURES / "google_workspace_users.csv").read_bytes()).decode()
    checks = write_api.get("/api/v1/evidence/checks").json()["items"]
    field = next(c for c in checks if c["name"] == "accounts")["fields"][0]["name"]
    created = write_api.post(
        "/api/v1/evidence/checks/accounts/runs",
        {"files": [{"field": field, "name": "users.csv", "content_base64": content}]},
    )

    assert created.status_code == 201, created.content
    run = CheckRun.objects.get(organisation=org_a)
    assert created.json()["id"] == run.id
    # The stored findings, with every list a finding may name (empty when it names none).
    assert [{**{"accounts": [], "datasets": [], "devices": [], "items": []}, **f} for f in run.result["findings"]] == (
        created.json()["findings"]
    )
    assert write_api.get(f"/api/v1/evidence/runs/{run.id}").json()["result"]["total"] == run.result["total"]
    assert write_api.get("/api/v1/evidence/runs", check="accounts").json()["count"] == 1


def test_bad_evidence_input_is_refused_by_name_and_nothing_is_kept(write_api, org_a):
    not_base64 = write_api.post(
        "/api/v1/evidence/checks/accounts/runs",
        {"files": [{"field": "exports", "name": "u.csv", "content_base64": "@@@"}]},
    )
    unreadable = write_api.post(
        "/api/v1/evidence/checks/accounts/runs",
        {
            "files": [
                {"field": "exports", "name": "u.csv", "content_base64": base64.b64encode(b"\xff\xfe\x00").decode()}
            ]
        },
    )
    unknown = write_api.post("/api/v1/evidence/checks/astrology/runs", {})

    assert not_base64.status_code == 422 and "u.csv" in not_base64.json()["detail"]
    assert unreadable.status_code == 422
    assert unknown.status_code == 422 and "mail-domain" in unknown.json()["errors"][0]["message"]  # the names it takes
    assert not CheckRun.objects.filter(organisation=org_a).exists()


def test_kpis_with_status_and_posting_measurements(write_api, org_a):
    kpi = make_kpi(org_a)
    today = timezone.localdate()

    posted = write_api.post(
        f"/api/v1/kpis/{kpi.id}/measurements", {"measured_on": str(today), "value": 80, "note": "API"}
    )
    future = write_api.post(
        f"/api/v1/kpis/{kpi.id}/measurements", {"measured_on": str(today + timedelta(days=2)), "value": 1}
    )

    assert posted.status_code == 201 and posted.json()["value"] == 80
    assert future.status_code == 422
    assert list(Measurement.objects.filter(target=kpi).values_list("value", flat=True)) == [80]
    listed = write_api.get("/api/v1/kpis").json()["items"][0]
    assert listed["id"] == kpi.id and listed["latest_value"] == 80 and listed["status"]
    assert write_api.get(f"/api/v1/kpis/{kpi.id}/measurements").json()["items"][0]["note"] == "API"


def test_read_token_cannot_post_measurements_or_change_actions(read_api, org_a, alice):
    kpi = make_kpi(org_a)
    item = ActionItem.objects.create(
        organisation=org_a, source_catalog="security-selfcheck", source_question="basic-mfa", step=2
    )

    assert (
        read_api.post(f"/api/v1/kpis/{kpi.id}/measurements", {"measured_on": "2026-01-01", "value": 1}).status_code
        == 403
    )
    assert (
        read_api.client.patch(
            f"/api/v1/actions/{item.id}",
            {"status": "done"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {read_api.raw}",
        ).status_code
        == 403
    )
    item.refresh_from_db()
    assert item.status == "todo" and not Measurement.objects.exists()


def test_actions_are_listed_riskiest_first_and_completed(write_api, org_a):
    low = ActionItem.objects.create(
        organisation=org_a, source_catalog="security-selfcheck", source_question="basic-mfa", step=2, risk=10
    )
    high = ActionItem.objects.create(
        organisation=org_a, source_catalog="security-selfcheck", source_question="org-backups", step=5, risk=90
    )

    listed = write_api.get("/api/v1/actions", lang="en").json()["items"]
    done = write_api.client.patch(
        f"/api/v1/actions/{low.id}",
        {"status": "done"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {write_api.raw}",
    )

    assert [a["id"] for a in listed] == [high.id, low.id] and listed[0]["title"]
    assert done.status_code == 200 and done.json()["status"] == "done" and done.json()["completed_at"]
    low.refresh_from_db()
    assert low.completed_at is not None


def test_security_selfcheck_through_the_api(write_api, org_a):
    created = write_api.post("/api/v1/diagnoses", {"catalog": "security-selfcheck"})
    assert created.status_code == 201 and created.json()["catalog"] == "security-selfcheck"

    answered = write_api.put(
        f"/api/v1/diagnoses/{created.json()['id']}/answers", {"answers": {"basic-mfa": "not-done"}}
    )

    assert answered.status_code == 200
    assert ActionItem.objects.filter(organisation=org_a, source_question="basic-mfa").exists()  # the plan followed
