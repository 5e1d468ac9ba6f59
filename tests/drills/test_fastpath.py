"""Drill tracking stops before the session: fast, still behind the security headers, and still exact."""

from __future__ import annotations

from django.utils import timezone

from rashinban.drills.models import Event, EventKind, Recipient
from rashinban.orgs.models import hash_token
from tests.conftest import login
from tests.drills.walk import company_b_drill_objects


def recipient_with_token(org, owner, token: str) -> Recipient:  # type: ignore[no-untyped-def]
    drill = company_b_drill_objects(org, owner)["drill"]
    return Recipient.objects.create(
        organisation=org,
        drill=drill,
        user=owner,
        email=owner.email,
        token_hash=hash_token(token),
        sent_at=timezone.now(),
    )


def test_pixel_and_link_are_recorded_without_a_session(client, org_b, mallory):
    token = "t" * 43
    recipient = recipient_with_token(org_b, mallory, token)

    pixel = client.get(f"/d/o/{token}/")
    link = client.get(f"/d/c/{token}/")

    assert pixel.status_code == 200 and pixel["Content-Type"] == "image/gif"
    assert link.status_code == 200 and "Content-Security-Policy" in link and link["X-Frame-Options"] == "DENY"
    assert "sessionid" not in pixel.cookies and "sessionid" not in link.cookies
    kinds = sorted(Event.objects.filter(recipient=recipient).values_list("kind", flat=True))
    assert kinds == sorted([EventKind.OPENED, EventKind.LINK])
    assert Event.objects.get(recipient=recipient, kind=EventKind.OPENED).organisation_id == org_b.id


def test_unknown_tokens_store_nothing_and_other_urls_take_the_whole_chain(client, org_a, alice):
    assert client.get(f"/d/o/{'u' * 43}/").status_code == 200  # the pixel never tells a scanner what it knows
    assert client.get(f"/d/c/{'u' * 43}/").status_code == 404
    assert client.get("/d/nowhere/").status_code == 404
    assert not Event.objects.exists()
    login(client, alice)
    assert client.get(f"/o/{org_a.id}/").status_code == 200  # signed-in pages still see the session
