"""The weekly re-check: one job per remembered domain, each recording a run of the mail-domain check."""

from __future__ import annotations

from rashinban.evidence.jobs import recheck_mail_domains
from rashinban.evidence.models import CheckRun, MailDomain, RunSource
from rashinban.tasks.models import Job


def test_every_remembered_domain_is_rechecked_with_its_selectors(org_a, org_b, settings, dns_server):
    settings.EVIDENCE_NAMESERVER = dns_server
    MailDomain.objects.create(organisation=org_a, domain="broken.test", dkim_selectors="custom")
    MailDomain.objects.create(organisation=org_b, domain="good.test")

    assert recheck_mail_domains() == 2

    runs = {run.subject: run for run in CheckRun.objects.all()}
    assert set(runs) == {"broken.test", "good.test"}
    assert runs["broken.test"].organisation == org_a and runs["broken.test"].source == RunSource.SCHEDULE
    assert runs["broken.test"].result["dkim"]["found"] == ["custom"]
    assert runs["good.test"].organisation == org_b and runs["good.test"].finding_count == 0
    jobs = Job.objects.filter(name="evidence.recheck_mail_domain")
    assert sorted(jobs.values_list("organisation_id", flat=True)) == sorted([org_a.id, org_b.id])
    assert MailDomain.objects.filter(last_checked_at__isnull=False).count() == 2


def test_a_domain_removed_before_its_job_runs_is_skipped(org_a):
    from rashinban.evidence.jobs import recheck_mail_domain

    recheck_mail_domain(mail_domain_id=999_999)
    assert not CheckRun.objects.exists()
