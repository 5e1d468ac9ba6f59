"""A company's time zone applies to its own pages and ends with the request."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone

from rashinban.orgs.models import Invitation
from tests.conftest import login


def test_company_pages_show_times_in_the_companys_zone(as_alice, org_a, alice):
    org_a.timezone = "Europe/London"
    org_a.save()
    invitation, _token = Invitation.issue(org_a, "late@a.example", "member", alice)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=datetime(2030, 1, 15, 23, 30, tzinfo=UTC))

    page = as_alice.get(f"/o/{org_a.id}/people/").content.decode()

    assert "2030-01-15 23:30" in page  # London in January is UTC; Tokyo would show 2030-01-16 08:30


def test_the_zone_does_not_outlive_the_request(client, org_a, alice, mallory, org_b):
    org_b.timezone = "America/Sao_Paulo"
    org_b.save()
    login(client, mallory)

    assert client.get(f"/o/{org_b.id}/").status_code == 200

    # The test client runs the request in this thread: whatever the view left active is visible here.
    assert timezone.get_current_timezone_name() == "Asia/Tokyo"
