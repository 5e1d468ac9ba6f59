"""The page for customers: off until turned on, reached by a secret link or an opted-in public link, revocable,
one company's page never shows another's, and it shows nothing that helps an attacker."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from rashinban.documents.models import DocumentVersion
from rashinban.evidence.models import CheckRun
from rashinban.frameworks.models import PublicPage
from tests.conftest import login


def make_link(client, org) -> str:  # type: ignore[no-untyped-def]
    page = client.post(f"/o/{org.id}/public-page/", {"action": "secret"}).content.decode()
    return re.search(r'id="secret-link">https?://[^/]+(/trust/s/[^<]+/)<', page).group(1)


def test_off_until_turned_on_then_revocable(as_alice, client, org_a):
    assert client.get(f"/trust/{org_a.slug}/").status_code == 404
    link = make_link(as_alice, org_a)
    stored = PublicPage.objects.get(organisation=org_a)
    assert link.split("/")[-2] not in stored.token_hash  # only the hash is kept
    assert client.get(link).status_code == 200
    assert client.get(f"/trust/{org_a.slug}/").status_code == 404  # the public link is a separate choice
    newer = make_link(as_alice, org_a)
    assert client.get(link).status_code == 404 and client.get(newer).status_code == 200
    as_alice.post(f"/o/{org_a.id}/public-page/", {"action": "public-on"})
    assert client.get(f"/trust/{org_a.slug}/").status_code == 200
    as_alice.post(f"/o/{org_a.id}/public-page/", {"action": "off"})
    assert client.get(newer).status_code == 404 and client.get(f"/trust/{org_a.slug}/").status_code == 404


def test_shows_levels_dates_and_contact_but_no_findings_or_names(as_alice, client, org_a, alice):
    now = timezone.now()
    DocumentVersion.objects.create(
        organisation=org_a, kind="policy", number=1, title="方針", body="x", published_at=now
    )
    CheckRun.objects.create(
        organisation=org_a, check_name="accounts", created_at=now - timedelta(days=2), failed=True, worst="high",
        finding_count=3, result={"findings": [{"id": "stale-admin", "detail": "yamada@a.example"}]},
    )  # fmt: skip
    as_alice.post(f"/o/{org_a.id}/public-page/", {"action": "contact", "contact": "security@a.example"})
    response = client.get(make_link(as_alice, org_a))
    text = response.content.decode()
    assert response["X-Robots-Tag"].startswith("noindex")
    assert timezone.localdate().isoformat() in text and "security@a.example" in text
    assert (now - timedelta(days=2)).astimezone(timezone.get_current_timezone()).date().isoformat() in text
    for secret in ("yamada", "stale-admin", alice.email, "high", "1-1", "PR-"):
        assert secret not in text


def test_one_company_never_reaches_another(as_alice, client, org_a, org_b, mallory):
    link = make_link(as_alice, org_a)
    assert org_a.name in client.get(link).content.decode()
    assert org_b.name not in client.get(link).content.decode()
    login(client, mallory)
    assert client.get(f"/o/{org_a.id}/public-page/").status_code == 404
    assert client.post(f"/o/{org_a.id}/public-page/", {"action": "off"}).status_code == 404
    assert client.get(link).status_code == 200  # mallory could not turn A's page off


def test_bad_contact_is_refused(as_alice, org_a):
    as_alice.post(f"/o/{org_a.id}/public-page/", {"action": "contact", "contact": "not an address"})
    assert PublicPage.objects.get(organisation=org_a).contact == ""
