"""A drill to 300 people: the worker sending it is killed with kill -9 mid-way; the next worker sends the rest.
Every person gets exactly one mail (counted at a real SMTP server on loopback), none twice, none skipped."""

from __future__ import annotations

import signal
from collections import Counter

import pytest
from django.utils import timezone

from rashinban.drills import actions
from rashinban.drills.models import Drill, DrillStatus, Event, EventKind, Recipient
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, User
from tests.drills.conftest import deliver_all, planned, server_settings, verified
from tests.tasks.conftest import backend, wait_for, workers  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)
PEOPLE = 300
RATE_PER_HOUR = 72_000  # 20 mails a second: the whole drill in about 15 s


@pytest.mark.parametrize("backend", ["db"], indirect=True)
def test_a_killed_worker_resumes_without_mailing_anyone_twice(org_a, alice, smtp, backend, workers):  # noqa: F811
    inbox, port = smtp
    people = User.objects.bulk_create(
        [
            User(username=f"p{i:03d}@a.example", email=f"p{i:03d}@a.example", display_name=f"社員{i}")
            for i in range(PEOPLE)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=org_a, role=Role.MEMBER, created_at=timezone.now()) for u in people]
    )
    verified(org_a)
    server_settings(org_a, port)
    drill = planned(org_a, alice, rate_per_hour=RATE_PER_HOUR)
    actions.send_test(drill, alice)
    deliver_all()  # the test mail, here: queued, since the workers are real
    assert len(inbox.messages) == 1
    inbox.messages.clear()
    planned_mails = actions.confirm_drill(Drill.objects.get(pk=drill.pk), alice, True)
    assert planned_mails == PEOPLE + 1  # the members and alice herself

    first = workers.start("--concurrency", "2")
    wait_for(lambda: len(inbox.messages) >= PEOPLE // 3, timeout=120, what="a third of the mails", workers=workers)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    sent_when_killed = len(inbox.messages)
    assert sent_when_killed < planned_mails, "the worker finished before it was killed: nothing was tested"

    workers.start("--concurrency", "2")
    wait_for(lambda: Drill.objects.get(pk=drill.pk).status == DrillStatus.FINISHED, timeout=180, what="the rest",
             workers=workers)  # fmt: skip

    mails = {(str(m["To"]), m["Message-ID"]) for m in inbox.messages}
    per_person = Counter(to for to, _message_id in mails)  # distinct mails per person
    expected = {p.email for p in people} | {alice.email}
    assert set(per_person) == expected  # none skipped
    assert max(per_person.values()) == 1, [a for a, n in per_person.items() if n > 1]  # nobody gets two mails
    # The one window kill -9 leaves open (the server took a mail, the worker died before noting it: the next test):
    # a second copy of the very same mail, at most one per worker thread killed.
    assert len(inbox.messages) - len(mails) <= 2
    assert not Recipient.objects.filter(drill=drill, is_test=False, sent_at__isnull=True).exists()
    assert Event.objects.filter(drill=drill, kind=EventKind.SENT, recipient__is_test=False).count() == planned_mails
    # Each mail carries its own Message-ID, the same on every attempt (drills/jobs.py).
    assert len({m["Message-ID"] for m in inbox.messages}) == planned_mails


def test_a_job_run_again_after_the_mail_left_sends_the_very_same_mail(org_a, alice, bob, smtp):
    """The one window kill -9 leaves open: the SMTP server took the mail, the worker died before noting it as
    sent. The job runs again; the person then holds two copies of one mail (same Message-ID, same links), which
    mailboxes show as one, never two mails whose second links replaced the first's."""
    from rashinban.drills.jobs import send_drill_mail

    inbox, port = smtp
    verified(org_a)
    server_settings(org_a, port)
    drill = planned(org_a, alice)
    Drill.objects.filter(pk=drill.pk).update(status=DrillStatus.RUNNING)
    recipient = Recipient.objects.get(drill=drill, email=bob.email)

    assert send_drill_mail(recipient_id=recipient.pk) == "sent"
    Recipient.objects.filter(pk=recipient.pk).update(sent_at=None)  # as if the worker died before its commit
    Event.objects.filter(recipient=recipient).delete()
    assert send_drill_mail(recipient_id=recipient.pk) == "sent"

    first, second = inbox.to(bob.email)
    assert first["Message-ID"] == second["Message-ID"]
    assert inbox.links(first) == inbox.links(second)
    # The links work: the stored hash is the one of the token in the mail.
    token = inbox.links(first)["c"].rstrip("/").rsplit("/", 1)[1]
    assert Recipient.objects.get(pk=recipient.pk).token_hash == actions.hash_token(token)
    # Another person's mail has other links and another Message-ID.
    other = Recipient.objects.get(drill=drill, email=alice.email)
    send_drill_mail(recipient_id=other.pk)
    (alices,) = inbox.to(alice.email)
    assert alices["Message-ID"] != first["Message-ID"] and inbox.links(alices) != inbox.links(first)
