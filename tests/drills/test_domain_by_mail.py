"""Proving a domain without DNS: a one-time code mailed by the installation to a role mailbox of the domain."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from rashinban.drills import actions
from rashinban.drills.models import Domain
from tests.conftest import login

pytestmark = pytest.mark.django_db


def add(client, org, name: str) -> Domain:  # type: ignore[no-untyped-def]
    client.post(f"/o/{org.id}/drills/domains/", {"domain": name})
    return Domain.objects.get(organisation=org, domain=name)


def mailed_code() -> str:
    return re.search(r"^\s+(\d{8})$", mail.outbox[-1].body, re.M).group(1)


def test_the_code_from_the_admin_mailbox_verifies_the_domain(as_alice, org_a):
    domain = add(as_alice, org_a, "a.example")
    as_alice.post(f"/o/{org_a.id}/drills/domains/{domain.pk}/code/", {"mailbox": "postmaster"})
    assert mail.outbox[-1].to == ["postmaster@a.example"]  # the installation's mail, not the company's server
    domain.refresh_from_db()
    assert domain.code_hash and mailed_code() not in domain.code_hash  # only the hash is kept
    response = as_alice.post(f"/o/{org_a.id}/drills/domains/{domain.pk}/code/confirm/", {"code": mailed_code()})
    assert response.status_code == 302
    domain.refresh_from_db()
    assert domain.verified_at is not None and domain.verified_by == "mail" and not domain.code_hash


def test_only_role_mailboxes_and_never_a_public_mail_service(as_alice, org_a):
    domain = add(as_alice, org_a, "a.example")
    as_alice.post(f"/o/{org_a.id}/drills/domains/{domain.pk}/code/", {"mailbox": "alice"})  # a person's mailbox
    assert not mail.outbox
    as_alice.post(f"/o/{org_a.id}/drills/domains/", {"domain": "gmail.com"})
    assert not Domain.objects.filter(domain="gmail.com").exists()


def test_wrong_codes_run_out_and_codes_expire(as_alice, org_a):
    domain = add(as_alice, org_a, "a.example")
    as_alice.post(f"/o/{org_a.id}/drills/domains/{domain.pk}/code/", {"mailbox": "admin"})
    right = mailed_code()
    wrong = "00000000" if right != "00000000" else "11111111"
    for _ in range(actions.CODE_ATTEMPTS):
        as_alice.post(f"/o/{org_a.id}/drills/domains/{domain.pk}/code/confirm/", {"code": wrong})
    as_alice.post(f"/o/{org_a.id}/drills/domains/{domain.pk}/code/confirm/", {"code": right})
    domain.refresh_from_db()
    assert domain.verified_at is None  # the right code after five wrong ones: a new code is needed
    as_alice.post(f"/o/{org_a.id}/drills/domains/{domain.pk}/code/", {"mailbox": "admin"})
    Domain.objects.filter(pk=domain.pk).update(code_expires_at="2000-01-01T00:00:00Z")
    as_alice.post(f"/o/{org_a.id}/drills/domains/{domain.pk}/code/confirm/", {"code": mailed_code()})
    domain.refresh_from_db()
    assert domain.verified_at is None


def test_another_companys_domain_code_is_404(client, org_a, org_b, alice, mallory):
    domain = add(login(client, alice), org_a, "a.example")
    client.logout()
    login(client, mallory)
    assert client.post(f"/o/{org_b.id}/drills/domains/{domain.pk}/code/", {"mailbox": "admin"}).status_code == 404
    assert client.post(f"/o/{org_a.id}/drills/domains/{domain.pk}/code/", {"mailbox": "admin"}).status_code in (
        403,
        404,
    )


def test_the_guided_first_drill_page_shows_the_next_step(as_alice, org_a):
    page = as_alice.get(f"/o/{org_a.id}/drills/first/").content.decode()
    assert re.search(r'class="step next" id="step-domain"', page)
    assert "Advanced delivery" in page or "高度な配信" in page
