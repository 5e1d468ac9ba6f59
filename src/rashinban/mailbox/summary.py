"""The DMARC picture of a company from the reports its shared mailbox received (the last 30 days)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from rashinban.mailbox import dmarc
from rashinban.mailbox.models import DmarcReport, Mailbox
from rashinban.orgs.models import Organisation

WINDOW = timedelta(days=30)
MAX_REPORTS = 5_000  # a busy domain gets about 10 reports a day


@dataclass
class Picture:
    mailbox: Mailbox | None
    summary: dmarc.Summary
    ready: bool  # p=quarantine is safe now
    unaligned: list[dmarc.Source]
    findings: list

    @property
    def percent(self) -> str:
        return f"{self.summary.pass_rate * 100:.1f}"


def picture(organisation: Organisation) -> Picture:
    since = timezone.now() - WINDOW
    summary = dmarc.Summary()
    rows = DmarcReport.objects.filter(organisation=organisation, received_at__gte=since).order_by("-end")[:MAX_REPORTS]
    for row in rows:
        summary.add(
            dmarc.Report(
                row.org_name, row.report_id, int(row.begin.timestamp()), int(row.end.timestamp()), row.domain,
                row.policy,
                [dmarc.Record(r["ip"], r["count"], r["disposition"], r["dkim"], r["spf"], "", tuple(r["passes"]))
                 for r in row.records],
            )
        )  # fmt: skip
    result = summary.verdict()
    return Picture(
        Mailbox.objects.filter(organisation=organisation).first(),
        summary,
        any(f.id == "dmarc-ready-for-quarantine" for f in result.findings),
        summary.unaligned(),
        result.sorted_findings(),
    )
