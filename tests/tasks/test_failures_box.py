"""The dashboard's "problems" box: owners see their company's failed jobs and retry them; nobody else can."""

from __future__ import annotations

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rashinban.tasks.models import Job, JobStatus
from tests.conftest import login


def failed_mail(org, to: str = "x@a.example") -> Job:
    return Job.objects.create(
        name="mail.send",
        organisation=org,
        status=JobStatus.FAILED,
        attempts=5,
        kwargs={"subject": "Invitation", "body": "secret link", "to": [to]},
        last_error="SMTPRecipientsRefused: {'x@a.example': (550, b'no')}",
    )


def test_owner_sees_failed_mail_in_plain_words(as_alice, org_a, settings):
    failed_mail(org_a)
    page = as_alice.get(f"/o/{org_a.id}/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    assert 'id="task-failures"' in page and "x@a.example" in page
    assert "secret link" not in page  # the body is never shown
    assert "SMTPRecipientsRefused" not in page  # plain words, not the exception


def test_other_companies_failures_do_not_show(as_alice, org_a, org_b):
    failed_mail(org_b, "mallory-staff@b.example")
    page = as_alice.get(f"/o/{org_a.id}/").content.decode()
    assert 'id="task-failures"' not in page and "mallory-staff" not in page


def test_owner_retry_queues_the_job_again(as_alice, org_a, settings):
    settings.TASKS_EAGER = False
    job = failed_mail(org_a)

    response = as_alice.post(f"/o/{org_a.id}/jobs/{job.pk}/retry/")

    assert response.status_code == 302 and response["Location"] == f"/o/{org_a.id}/"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.last_error) == (JobStatus.QUEUED, 0, "")


def test_member_and_advisor_cannot_retry(client, org_a, bob, carol):
    job = failed_mail(org_a)
    for user in (bob, carol):
        login(client, user)
        assert client.post(f"/o/{org_a.id}/jobs/{job.pk}/retry/").status_code == 403
        assert 'id="task-failures"' not in client.get(f"/o/{org_a.id}/").content.decode()
        client.logout()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_only_failed_jobs_can_be_retried(as_alice, org_a):
    done = Job.objects.create(name="mail.send", organisation=org_a, status=JobStatus.DONE)
    assert as_alice.post(f"/o/{org_a.id}/jobs/{done.pk}/retry/").status_code == 404
    assert as_alice.get(f"/o/{org_a.id}/jobs/{failed_mail(org_a).pk}/retry/").status_code == 405


def test_dashboard_queries_do_not_grow_with_failures(as_alice, org_a):
    failed_mail(org_a)

    def queries() -> int:
        caches[
            "pages"
        ].clear()  # the rendering is measured, not the cached copy (jobs made here skip the runner's bump)
        with CaptureQueriesContext(connection) as captured:
            assert as_alice.get(f"/o/{org_a.id}/").status_code == 200
        return len(captured)

    one = queries()
    for n in range(30):
        failed_mail(org_a, f"p{n}@a.example")
    assert queries() == one
