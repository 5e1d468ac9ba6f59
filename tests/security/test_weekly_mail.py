"""The weekly reminder: one mail per owner with their due and overdue items, through the mail.send task."""

from __future__ import annotations

from datetime import date, timedelta

from django.core import mail

from rashinban.nextsteps import actions as step_actions
from rashinban.nextsteps import plan_for
from rashinban.orgs.models import Membership, User
from rashinban.security import actions
from rashinban.security.jobs import mail_due_actions
from rashinban.tasks.models import Job
from tests.security.helpers import all_answered

MONDAY = date(2026, 6, 1)


def _selfcheck(org, owner, **weak):  # type: ignore[no-untyped-def]
    diagnosis = actions.start_selfcheck(org, owner)
    actions.submit_selfcheck(diagnosis, all_answered("done", **weak), owner)


def test_each_person_gets_their_steps_of_the_ranking_due_this_week(org_a, alice, bob, mallory, org_b):
    _selfcheck(org_a, alice, basic_mfa="not-done", org_backups="not-done", org_policy="not-done")
    _selfcheck(org_b, mallory, basic_mfa="not-done")
    plan = plan_for(org_a, MONDAY)
    policy = plan.get("security:org-policy")
    assert policy is not None
    step_actions.move_due(org_a, policy.id, MONDAY + timedelta(days=40), by=alice)  # not this week any more
    plan = plan_for(org_a, MONDAY)
    mail.outbox.clear()
    queued = mail_due_actions(MONDAY.isoformat())
    assert Job.objects.filter(name="mail.send").count() >= queued > 0
    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert "mallory@b.example" in by_person
    for person_id in plan.people:
        week = plan.this_week(person_id)
        email = User.objects.get(pk=person_id).email
        assert (email in by_person) == bool(week)
        if week:
            body = by_person[email]
            # The same steps, in the ranking's order, with the ranking's dates, as the person's "this week" page.
            positions = [body.index(step.title_in("ja")) for step in week]
            assert positions == sorted(positions)
            assert all(step.due.isoformat() in body for step in week)
            assert policy.title_in("ja") not in body
            assert f"/o/{org_a.id}/steps/this-week/" in body


def test_done_steps_and_former_members_get_no_mail(org_a, alice, bob):
    _selfcheck(org_a, alice, basic_mfa="not-done", org_backups="not-done")
    for step in plan_for(org_a, MONDAY).steps:
        step_actions.complete(org_a, step.id, by=alice)
    Membership.objects.filter(user=bob).update(active=False)
    mail.outbox.clear()
    assert mail_due_actions(MONDAY.isoformat()) == 0 and mail.outbox == []


def test_companies_are_reminded_a_batch_at_a_time_with_the_same_mails(org_a, alice, mallory, org_b, monkeypatch):
    """The job plans a batch of companies at a time (memory and id lists bounded); one company a batch gives the
    same mails as all in one."""
    from rashinban.security import jobs

    _selfcheck(org_a, alice, basic_mfa="not-done", org_backups="not-done")
    _selfcheck(org_b, mallory, basic_mfa="not-done")
    mail.outbox.clear()
    together = mail_due_actions(MONDAY.isoformat())
    all_at_once = sorted((m.to[0], m.subject, m.body) for m in mail.outbox)
    from rashinban.nextsteps import gather

    planned, real = [], gather.plans_for
    monkeypatch.setattr(gather, "plans_for", lambda orgs, day: planned.append(len(orgs)) or real(orgs, day))
    monkeypatch.setattr(jobs, "BATCH", 1)
    mail.outbox.clear()
    assert mail_due_actions(MONDAY.isoformat()) == together > 1
    assert sorted((m.to[0], m.subject, m.body) for m in mail.outbox) == all_at_once
    assert planned == [1, 1]
