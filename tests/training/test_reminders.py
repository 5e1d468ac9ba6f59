"""Reminders: the periodic task mails people whose lessons are due soon, once, through mail.send."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from rashinban.tasks.models import Job
from rashinban.training.actions import assign_lesson
from rashinban.training.jobs import send_reminders

pytestmark = pytest.mark.django_db


def test_due_lessons_are_reminded_once(org_a, alice, bob):
    assign_lesson(org_a, bob, "updates", date.today() + timedelta(days=1))
    assign_lesson(org_a, bob, "backups", date.today() - timedelta(days=1))
    assign_lesson(org_a, alice, "backups", date.today() + timedelta(days=30))  # not due yet

    assert send_reminders() == 1
    assert [m.to for m in mail.outbox] == [["bob@a.example"]]
    assert "アップデートを後回しにしない" in mail.outbox[0].body and "/training/" in mail.outbox[0].body
    assert Job.objects.filter(name="mail.send", organisation=org_a).count() == 1

    assert send_reminders() == 0  # not again within three days
    assert len(mail.outbox) == 1
