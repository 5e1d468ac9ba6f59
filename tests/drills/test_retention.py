"""Drill data older than the owner's retention is deleted by the daily task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from rashinban.drills.jobs import delete_expired_drills
from rashinban.drills.models import Drill, Event, Recipient
from tests.drills.conftest import planned, server_settings, verified

pytestmark = pytest.mark.django_db


def test_old_drills_go_with_their_events(org_a, alice, bob):
    verified(org_a)
    server_settings(org_a, 25)
    old, new = planned(org_a, alice), planned(org_a, alice)
    Drill.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    recipient = old.recipients.first()
    Event.objects.create(organisation=org_a, drill=old, recipient=recipient, kind="clicked")

    assert delete_expired_drills() == 1
    assert list(Drill.objects.values_list("pk", flat=True)) == [new.pk]
    assert not Event.objects.exists() and not Recipient.objects.filter(drill_id=old.pk).exists()
