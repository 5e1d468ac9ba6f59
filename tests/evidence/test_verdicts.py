"""verdicts_for: the latest run of each check backs or contradicts the self-check questions it speaks to."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rashinban.evidence.models import CheckRun, MailDomain
from rashinban.evidence.verdicts import verdicts_for


def finding(finding_id: str, severity: str) -> dict:
    return {"id": finding_id, "severity": severity, "title": "t", "detail": "d", "count": 1}


def add_run(org, check_name: str, *findings: dict, subject: str = "", days_ago: int = 0) -> CheckRun:
    return CheckRun.objects.create(
        organisation=org,
        check_name=check_name,
        subject=subject,
        created_at=timezone.now() - timedelta(days=days_ago),
        result={"findings": list(findings)},
    )


def test_no_runs_no_verdicts(org_a):
    assert verdicts_for(org_a) == {}


def test_a_clean_accounts_run_backs_mfa_and_access_rights(org_a):
    run = add_run(org_a, "accounts")
    verdicts = verdicts_for(org_a)
    assert {q: v.status for q, v in verdicts.items()} == {"basic-mfa": "backed", "org-access-rights": "backed"}
    assert verdicts["basic-mfa"].checked_at == run.created_at and verdicts["basic-mfa"].check == "accounts"


def test_a_medium_finding_contradicts_only_its_question_and_low_ones_do_not(org_a):
    add_run(org_a, "accounts", finding("no-mfa", "high"), finding("shared-account", "low"))
    verdicts = verdicts_for(org_a)
    assert verdicts["basic-mfa"].status == "contradicted" and verdicts["basic-mfa"].finding_ids == ("no-mfa",)
    assert verdicts["org-access-rights"].status == "backed"


def test_only_the_latest_run_counts(org_a):
    add_run(org_a, "accounts", finding("no-mfa", "high"), days_ago=10)
    latest = add_run(org_a, "accounts")
    assert verdicts_for(org_a)["basic-mfa"].status == "backed"
    assert verdicts_for(org_a)["basic-mfa"].checked_at == latest.created_at


def test_each_remembered_mail_domain_counts_and_forgotten_ones_do_not(org_a):
    MailDomain.objects.create(organisation=org_a, domain="a.example")
    MailDomain.objects.create(organisation=org_a, domain="b.example")
    add_run(org_a, "mail-domain", subject="a.example")
    bad = add_run(org_a, "mail-domain", finding("dmarc-missing", "high"), subject="b.example", days_ago=1)
    add_run(org_a, "mail-domain", finding("spf-missing", "high"), subject="typo.example")  # not remembered
    verdict = verdicts_for(org_a)["org-mail-spoofing"]
    assert (verdict.status, verdict.finding_ids, verdict.checked_at) == (
        "contradicted",
        ("dmarc-missing",),
        bad.created_at,
    )


def test_a_run_dns_did_not_answer_decides_nothing(org_a):
    MailDomain.objects.create(organisation=org_a, domain="a.example")
    add_run(org_a, "mail-domain", finding("dns-error", "medium"), subject="a.example")
    assert "org-mail-spoofing" not in verdicts_for(org_a)


def test_another_company_runs_do_not_count(org_a, org_b):
    add_run(org_b, "accounts", finding("no-mfa", "high"))
    assert verdicts_for(org_a) == {}


def test_query_count_does_not_grow_with_history(org_a):
    MailDomain.objects.create(organisation=org_a, domain="a.example")
    for days in range(3):
        add_run(org_a, "accounts", days_ago=days)
        add_run(org_a, "mail-domain", subject="a.example", days_ago=days)
    with CaptureQueriesContext(connection) as small:
        verdicts_for(org_a)
    for days in range(3, 30):
        add_run(org_a, "accounts", days_ago=days)
    with CaptureQueriesContext(connection) as large:
        verdicts_for(org_a)
    assert len(small) == len(large) <= 4  # ids of the latest runs, the runs, watched domains, validity periods
