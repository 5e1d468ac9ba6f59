"""The self-check result shows, per answer that evidence speaks to, "backed" or "contradicted by evidence of DATE"."""

from __future__ import annotations

from datetime import UTC, datetime

from rashinban.assessments.models import Diagnosis
from rashinban.evidence.models import CheckRun, MailDomain
from tests.security.helpers import all_answered


def answered_selfcheck(client, org, **overrides: str) -> str:
    client.post(f"/o/{org.id}/security/checks/new/")
    diagnosis = Diagnosis.objects.get(organisation=org, catalog_id="security-selfcheck")
    client.post(f"/o/{org.id}/security/checks/{diagnosis.pk}/answer/", all_answered("done", **overrides))
    return f"/o/{org.id}/security/checks/{diagnosis.pk}/"


def row(page: str, question_id: str) -> str:
    start = page.index(f'id="evidence-{question_id}"')
    return page[start : page.index("</tr>", start)]


def test_answers_claiming_done_show_backed_or_contradicted_with_the_date(as_alice, org_a, alice):
    url = answered_selfcheck(as_alice, org_a, org_access_rights="partly", org_mail_spoofing="not-done")
    # 2026-11-24 23:30 UTC is 2026-11-25 in Tokyo: the date is shown in the company's time zone.
    when = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    CheckRun.objects.create(
        organisation=org_a,
        check_name="accounts",
        created_at=when,
        result={"findings": [{"id": "no-mfa", "severity": "high", "title": "t", "detail": "d", "count": 2}]},
    )
    MailDomain.objects.create(organisation=org_a, domain="a.example")
    CheckRun.objects.create(
        organisation=org_a,
        check_name="mail-domain",
        subject="a.example",
        result={"findings": [{"id": "dmarc-missing", "severity": "high", "title": "t", "detail": "d", "count": 1}]},
    )

    alice.language = "en"
    alice.save(update_fields=["language"])
    page = as_alice.get(url).content.decode()

    assert 'id="selfcheck-evidence"' in page
    assert "contradicted by evidence of 2026-11-25" in row(page, "basic-mfa") and "no-mfa" in row(page, "basic-mfa")
    assert "backed by evidence" in row(page, "org-access-rights")
    assert "evidence finds the same gap" in row(page, "org-mail-spoofing")  # answered not-done: no contradiction
    assert 'id="evidence-basic-updates"' not in page  # no check speaks to it yet


def test_without_evidence_the_card_invites_to_add_some(as_alice, org_a):
    page = as_alice.get(answered_selfcheck(as_alice, org_a)).content.decode()
    assert 'id="selfcheck-evidence"' in page and f'href="/o/{org_a.id}/evidence/"' in page
