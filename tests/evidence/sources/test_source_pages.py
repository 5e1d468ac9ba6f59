"""The connected-service pages: an owner connects (secret stored encrypted, never shown), the first collection runs
as a job and its findings show; the worker collects again; disconnect forgets the secret; the others may not."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rashinban import crypto
from rashinban.evidence import jobs
from rashinban.evidence.models import CheckRun, RunSource, SourceConnection
from rashinban.tasks.models import Job, JobStatus
from tests.conftest import login
from tests.evidence.sources.fake_cloud import ADMIN_EMAIL, CLIENT_SECRET


@pytest.fixture
def pointed(settings, cloud):
    settings.EVIDENCE_GRAPH_URL = cloud.url
    settings.EVIDENCE_MS_LOGIN_URL = cloud.url
    settings.EVIDENCE_GOOGLE_API_URL = cloud.url
    settings.EVIDENCE_GOOGLE_TOKEN_URIS = [f"{cloud.url}/token"]
    settings.EVIDENCE_COLLECT_BACKOFF = 0.0
    return cloud


def page(org, service: str = "microsoft365", action: str = "") -> str:
    name = f"evidence:source{'_' + action if action else ''}"
    return reverse(name, kwargs={"org_id": org.id, "service": service})


CLIENT_ID = "c" * 8 + "-0000-0000-0000-" + "0" * 12


def connect_m365(as_alice, org, cloud, secret: str = CLIENT_SECRET):
    return as_alice.post(page(org), {"tenant_id": cloud.tenant, "client_id": CLIENT_ID, "client_secret": secret})


def test_the_page_explains_the_permissions_and_how_to_revoke(as_alice, org_a):
    html = as_alice.get(page(org_a)).content.decode()
    for name in ("User.Read.All", "AuditLog.Read.All", "RoleManagement.Read.Directory", "Grant admin consent"):
        assert name in html
    assert 'id="permissions"' in html and 'id="source-form"' in html and "Certificates" in html
    google = as_alice.get(page(org_a, "google-workspace")).content.decode()
    assert "admin.directory.user.readonly" in google and "Manage Domain Wide Delegation" in google


def test_connecting_stores_the_secret_encrypted_and_the_first_collection_shows(as_alice, org_a, pointed, alice):
    pointed.client_id = CLIENT_ID
    response = connect_m365(as_alice, org_a, pointed)
    assert response.status_code == 302
    connection = SourceConnection.objects.get(organisation=org_a)
    assert CLIENT_SECRET not in connection.secret
    assert crypto.decrypt(connection.secret, crypto.EVIDENCE_SOURCE_SECRET) == CLIENT_SECRET
    assert connection.last_collected_at is not None and connection.last_error == ""
    runs = {r.check_name: r for r in CheckRun.objects.filter(organisation=org_a)}
    assert set(runs) == {"accounts", "devices"} and runs["accounts"].source == RunSource.SCHEDULE
    html = as_alice.get(response["Location"]).content.decode()
    assert 'id="finding-admin-without-mfa"' in html and "yamada@example.co.jp" in html
    assert CLIENT_SECRET not in html and 'name="client_secret"' in html and f'value="{CLIENT_SECRET}"' not in html


def test_a_refused_secret_shows_on_the_page_and_fails_the_job_for_good(as_alice, org_a, pointed):
    pointed.client_id = CLIENT_ID
    connect_m365(as_alice, org_a, pointed, secret="wrong")
    connection = SourceConnection.objects.get(organisation=org_a)
    assert "invalid_client" in connection.last_error
    job = Job.objects.get(name="evidence.collect_source")
    assert job.status == JobStatus.FAILED and job.last_error.startswith("SourceRefused")
    html = as_alice.get(page(org_a)).content.decode()
    assert 'id="source-error"' in html and "invalid_client" in html
    assert not CheckRun.objects.filter(organisation=org_a).exists()


def test_google_workspace_connects_with_a_key_file(as_alice, org_a, pointed):
    key = SimpleUploadedFile("key.json", json.dumps(pointed.service_account()).encode(), "application/json")
    response = as_alice.post(
        page(org_a, "google-workspace"), {"credentials": key, "admin_email": ADMIN_EMAIL, "customer": "my_customer"}
    )
    assert response.status_code == 302
    connection = SourceConnection.objects.get(organisation=org_a, service="google-workspace")
    assert "PRIVATE KEY" not in connection.secret and connection.client_id.endswith("gserviceaccount.com")
    run = CheckRun.objects.get(organisation=org_a)
    assert run.result["source"]["service"] == "google-workspace" and run.result["total"] == 6


def test_a_key_file_naming_another_token_address_is_refused(as_alice, org_a, pointed):
    info = pointed.service_account(token_uri="http://127.0.0.1:9/elsewhere")
    key = SimpleUploadedFile("key.json", json.dumps(info).encode(), "application/json")
    response = as_alice.post(page(org_a, "google-workspace"), {"credentials": key, "admin_email": ADMIN_EMAIL})
    assert response.status_code == 200 and "key.json" in response.content.decode()
    assert not SourceConnection.objects.exists()


def test_bad_ids_are_form_errors(as_alice, org_a):
    response = as_alice.post(page(org_a), {"tenant_id": "not a tenant", "client_id": "x", "client_secret": "s"})
    assert response.status_code == 200 and set(response.context["form"].errors) == {"tenant_id", "client_id"}
    assert not SourceConnection.objects.exists()


def test_the_worker_collects_every_connection_again(org_a, pointed, settings):
    pointed.client_id = CLIENT_ID
    SourceConnection.objects.create(
        organisation=org_a,
        service="microsoft365",
        tenant=pointed.tenant,
        client_id=pointed.client_id,
        secret=crypto.encrypt(CLIENT_SECRET, crypto.EVIDENCE_SOURCE_SECRET),
    )
    assert jobs.collect_sources() == 1  # TASKS_EAGER: the per-connection job ran at once
    assert CheckRun.objects.filter(organisation=org_a, check_name="accounts").count() == 1
    jobs.collect_sources()
    assert CheckRun.objects.filter(organisation=org_a, check_name="accounts").count() == 2


def test_disconnect_forgets_the_secret_and_keeps_the_history(as_alice, org_a, pointed):
    pointed.client_id = CLIENT_ID
    connect_m365(as_alice, org_a, pointed)
    response = as_alice.post(page(org_a, action="disconnect"))
    assert response.status_code == 302 and not SourceConnection.objects.exists()
    assert CheckRun.objects.filter(organisation=org_a).count() == 2
    assert as_alice.post(page(org_a, action="disconnect")).status_code == 404


def test_an_advisor_sees_the_page_but_cannot_connect(client, org_a, carol, pointed):
    login(client, carol)
    html = client.get(page(org_a)).content.decode()
    assert 'id="source-form"' not in html
    client.post(page(org_a), {"tenant_id": pointed.tenant, "client_id": CLIENT_ID,
                              "client_secret": CLIENT_SECRET})  # fmt: skip
    assert not SourceConnection.objects.exists()
    assert client.post(page(org_a, action="collect")).status_code == 403


def test_a_member_gets_403_and_another_company_404(client, org_a, bob, org_b, alice):
    login(client, bob)
    assert client.get(page(org_a)).status_code == 403
    login(client, alice)
    assert client.get(page(org_b)).status_code == 404
    assert client.get(reverse("evidence:source", kwargs={"org_id": org_a.id, "service": "dropbox"})).status_code == 404


def test_the_overview_lists_the_services(as_alice, org_a):
    html = as_alice.get(reverse("evidence:overview", kwargs={"org_id": org_a.id})).content.decode()
    assert 'id="source-microsoft365"' in html and 'id="source-google-workspace"' in html
