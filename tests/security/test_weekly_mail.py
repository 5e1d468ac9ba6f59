"""The weekly reminder: one mail per owner with their due and overdue items, through the mail.send task."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from rashinban.orgs.models import Membership
from rashinban.security import actions
from rashinban.security.jobs import mail_due_actions
from rashinban.security.models import ActionItem, Status
from rashinban.tasks.models import Job
from tests.security.helpers import all_answered


def test_owner_gets_one_mail_listing_due_and_overdue_items_only(org_a, alice, bob, mallory, org_b):
    diagnosis = actions.start_selfcheck(org_a, alice)
    actions.submit_selfcheck(
        diagnosis, all_answered("done", basic_mfa="not-done", org_backups="not-done", org_policy="not-done"), alice
    )
    today = timezone.localdate()
    items = {i.source_question: i for i in ActionItem.objects.filter(organisation=org_a)}
    ActionItem.objects.filter(pk=items["basic-mfa"].pk).update(due=today - timedelta(days=2))  # overdue
    ActionItem.objects.filter(pk=items["org-backups"].pk).update(due=today + timedelta(days=3), owner=bob)
    ActionItem.objects.filter(pk=items["org-policy"].pk).update(due=today + timedelta(days=40))  # not yet
    mail.outbox.clear()
    assert mail_due_actions() == 2
    assert Job.objects.filter(name="mail.send").count() >= 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {"alice@a.example", "bob@a.example"}
    alice_mail = by_person["alice@a.example"].body
    assert f"/o/{org_a.id}/security/plan/{items['basic-mfa'].pk}/" in alice_mail
    assert f"/plan/{items['org-policy'].pk}/" not in alice_mail


def test_done_items_and_former_members_get_no_mail(org_a, alice, bob):
    diagnosis = actions.start_selfcheck(org_a, alice)
    actions.submit_selfcheck(diagnosis, all_answered("done", basic_mfa="not-done", org_backups="not-done"), alice)
    past = timezone.localdate() - timedelta(days=1)
    ActionItem.objects.filter(source_question="basic-mfa").update(due=past, status=Status.DONE)
    ActionItem.objects.filter(source_question="org-backups").update(due=past, owner=bob)
    Membership.objects.filter(user=bob).update(active=False)
    mail.outbox.clear()
    assert mail_due_actions() == 0 and mail.outbox == []
