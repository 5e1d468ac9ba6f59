"""Domain ownership is checked against a real DNS server on loopback (dnslib)."""

from __future__ import annotations

import pytest

from rashinban.drills.models import Domain
from tests.drills.conftest import TOKEN

pytestmark = pytest.mark.django_db


def add(client, org, name: str) -> Domain:  # type: ignore[no-untyped-def]
    client.post(f"/o/{org.id}/drills/domains/", {"domain": name})
    return Domain.objects.get(organisation=org, domain=name.lower().rstrip("."))


def test_published_token_verifies_the_domain(as_alice, org_a, dns):
    domain = add(as_alice, org_a, "A.Example.")
    Domain.objects.filter(pk=domain.pk).update(token=TOKEN)
    page = as_alice.get(f"/o/{org_a.id}/drills/domains/").content.decode()
    assert f"rashinban-verify={TOKEN}" in page
    response = as_alice.post(f"/o/{org_a.id}/drills/domains/{domain.pk}/verify/", follow=True)
    domain.refresh_from_db()
    assert domain.verified_at is not None
    assert "a.example" in response.content.decode()


def test_someone_elses_token_does_not_verify(as_alice, org_a, dns):
    domain = add(as_alice, org_a, "wrong.example")
    response = as_alice.post(f"/o/{org_a.id}/drills/domains/{domain.pk}/verify/", follow=True)
    domain.refresh_from_db()
    assert domain.verified_at is None and "TXT" in domain.last_problem
    assert domain.last_problem in response.content.decode()


def test_missing_domain_says_so(as_alice, org_a, dns):
    domain = add(as_alice, org_a, "nowhere.example")
    as_alice.post(f"/o/{org_a.id}/drills/domains/{domain.pk}/verify/")
    domain.refresh_from_db()
    assert domain.verified_at is None and domain.last_problem


def test_not_a_domain_is_a_clear_message(as_alice, org_a):
    response = as_alice.post(f"/o/{org_a.id}/drills/domains/", {"domain": "not a domain"}, follow=True)
    assert not Domain.objects.exists()
    assert "not a domain" in response.content.decode()


def test_other_company_cannot_verify_my_domain(client, org_a, mallory, dns):
    from rashinban.drills.actions import add_domain
    from tests.conftest import login

    domain = add_domain(org_a, "a.example")
    response = login(client, mallory).post(f"/o/{org_a.id}/drills/domains/{domain.pk}/verify/")
    assert response.status_code == 404
