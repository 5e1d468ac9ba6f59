"""A queued mail keeps its body sealed (rashinban/crypto.py): bodies carry single-use links whose tokens the
database otherwise keeps only as hashes, and a waiting or failed job sits in the database (and its backups)."""

from __future__ import annotations

import json
import re

from django.core import mail

from rashinban.orgs import actions as org_actions
from rashinban.tasks.mail import queue_mail
from rashinban.tasks.models import Job, JobStatus
from rashinban.tasks.runner import run_pending
from tests.conftest import login

LINK = "https://rashinban.example/i/Zx9-single-use-token-Qw3/"


def stored(job: Job) -> str:
    job.refresh_from_db()
    return json.dumps(job.kwargs, ensure_ascii=False)


def test_a_queued_mail_keeps_no_body_in_clear_and_still_arrives(db, org_a, settings):
    settings.TASKS_EAGER = False
    job = queue_mail("招待", f"こちらから参加してください: {LINK}", ["new@a.example"], organisation=org_a)

    assert "single-use-token" not in stored(job) and "参加" not in stored(job)
    assert job.kwargs["to"] == ["new@a.example"] and job.kwargs["subject"] == "招待"  # the problems box shows these

    assert run_pending() == 1
    assert [m.body for m in mail.outbox] == [f"こちらから参加してください: {LINK}"]


def test_an_invitations_token_is_nowhere_in_the_queue(as_alice, org_a, alice, settings):
    settings.TASKS_EAGER = False
    org_actions.invite(org_a, "newcomer@a.example", "member", alice, "ja")
    queued = "".join(stored(job) for job in Job.objects.all())

    run_pending()
    token = re.search(r"/invite/([^/\s]+)/", mail.outbox[0].body).group(1)
    assert token not in queued


def test_a_job_queued_before_bodies_were_sealed_still_sends(db, org_a, settings):
    settings.TASKS_EAGER = False
    Job.objects.create(
        name="mail.send", organisation=org_a, kwargs={"subject": "s", "body": "old body", "to": ["o@a.example"]}
    )
    assert run_pending() == 1
    assert mail.outbox[0].body == "old body"


def test_a_body_sealed_under_a_lost_key_fails_once_in_plain_words(client, alice, org_a, settings):
    settings.TASKS_EAGER = False
    job = queue_mail("件名", "本文", ["x@a.example"], organisation=org_a)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "another key " * 5, []
    run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 1 and not mail.outbox
    assert job.last_error.startswith("MailUnreadable")
    login(client, alice)
    page = client.get(f"/o/{org_a.id}/").content.decode()
    assert "秘密鍵" in page and "MailUnreadable" not in page
