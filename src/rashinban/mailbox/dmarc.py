"""DMARC aggregate reports (RFC 7489 appendix C, and DMARCbis): read, summarise per sending source, judge (pure).

A report arrives as XML, `.xml.gz` or `.zip`; every form is read within `rashinban.limits` (size, unpacked size,
ratio, members, depth, values) and XML is parsed by defusedxml (no DTD, no entities), so a bomb is refused.

Alignment is read from `policy_evaluated`: the receiver reports there whether DKIM and SPF passed *aligned*
with the From domain; DMARC passes when either does. A source that fails DMARC although some SPF or DKIM check
passed for another domain is a real service sending for the company without alignment (a newsletter tool, a
billing system): it must be fixed before `p=quarantine`, or its mail will go to spam. A source where nothing
passes is someone else using the company's name (or a forward), which quarantine is meant to stop.
"""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rashinban.evidence.findings import CheckResult, Finding
from rashinban.evidence.text import _
from rashinban.limits import KIB, MIB, LimitError, Limits
from rashinban.limits.archives import open_zip, read_gzip, read_member
from rashinban.limits.xml import parse_xml

# A report from a large receiver for a busy domain is a few MB of XML (about 500 bytes per record); compressed
# about 20:1. More than this is not an aggregate report.
DMARC_REPORT = Limits(
    max_bytes=10 * MIB,
    max_uncompressed=64 * MIB,
    max_member_bytes=64 * MIB,
    max_members=20,
    max_ratio=100,
    max_depth=12,
    max_items=2_000_000,
    max_cell_chars=4 * KIB,
)
READY_PASS_RATE = 0.98  # share of the company's own authenticated mail that must pass before quarantine
DISPOSITIONS = ("none", "quarantine", "reject")

# Sending services named from the domains their SPF or DKIM checks pass for (the auth_results). Matched on the
# domain or any parent domain.
SERVICES = {
    "google.com": "Google Workspace / Gmail",
    "googlemail.com": "Google Workspace / Gmail",
    "outlook.com": "Microsoft 365",
    "onmicrosoft.com": "Microsoft 365",
    "protection.outlook.com": "Microsoft 365",
    "amazonses.com": "Amazon SES",
    "sendgrid.net": "SendGrid",
    "mailchimpapp.net": "Mailchimp",
    "mcsv.net": "Mailchimp",
    "mcdlv.net": "Mailchimp",
    "mandrillapp.com": "Mailchimp Transactional",
    "salesforce.com": "Salesforce",
    "exacttarget.com": "Salesforce Marketing Cloud",
    "zendesk.com": "Zendesk",
    "hubspotemail.net": "HubSpot",
    "mailgun.org": "Mailgun",
    "sparkpostmail.com": "SparkPost",
    "zoho.com": "Zoho",
    "kagoya.net": "KAGOYA",
    "sakura.ne.jp": "さくらのレンタルサーバ",
    "xserver.jp": "エックスサーバー",
    "cybozu.com": "サイボウズ (kintone など)",
    "blastmail.jp": "blastmail",
}


class ReportError(LimitError):
    """A file that is not a DMARC aggregate report; `str()` names the file."""


@dataclass
class Record:
    source_ip: str
    count: int
    disposition: str
    dkim_aligned: bool
    spf_aligned: bool
    header_from: str
    auth_pass_domains: tuple[str, ...]  # domains an SPF or DKIM check passed for, aligned or not


@dataclass
class Report:
    org_name: str
    report_id: str
    begin: int
    end: int
    domain: str
    policy: str  # p= of the published policy
    records: list[Record] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Any, name: str) -> Any:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if _local(child.tag) == name] if element is not None else []


def _text(element: Any, *path: str) -> str:
    for name in path:
        if element is None:
            return ""
        element = _child(element, name)
    return (element.text or "").strip() if element is not None else ""


def _int(value: str, name: str, what: str, row: int | None = None) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ReportError(
            _("“%(value)s” is not a number") % {"value": value[:40]}, file=name, row=row, field=what
        ) from None
    if number < 0:
        raise ReportError(_("“%(value)s” is not a number") % {"value": value[:40]}, file=name, row=row, field=what)
    return number


def unpack(data: bytes, name: str, limits: Limits = DMARC_REPORT) -> list[tuple[str, bytes]]:
    """The XML documents inside a file: itself, its gzip content, or the .xml members of a zip."""
    if len(data) > limits.max_bytes:
        from rashinban.limits import check_size

        check_size(len(data), name, limits)
    if data[:2] == b"\x1f\x8b":
        return [(name, read_gzip(data, name, limits))]
    if data[:4] == b"PK\x03\x04":
        with open_zip(data, name, limits) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".xml")]
            if not members:
                raise ReportError(_("the zip file holds no .xml report"), file=name)
            return [(f"{name}/{m.filename}", read_member(archive, m, name, limits)) for m in members]
    return [(name, data)]


def parse(data: bytes, name: str, limits: Limits = DMARC_REPORT) -> list[Report]:
    """Every report in one file (a zip may hold several)."""
    return [parse_xml_report(xml, member, limits) for member, xml in unpack(data, name, limits)]


def parse_xml_report(xml: bytes, name: str, limits: Limits = DMARC_REPORT) -> Report:
    root = parse_xml(xml, name, limits)
    if _local(root.tag) != "feedback":
        raise ReportError(_("this is not a DMARC aggregate report (no <feedback> element)"), file=name)
    metadata = _child(root, "report_metadata")
    published = _child(root, "policy_published")
    if metadata is None or published is None:
        raise ReportError(_("the report has no report_metadata or policy_published"), file=name)
    report = Report(
        org_name=_text(metadata, "org_name"),
        report_id=_text(metadata, "report_id"),
        begin=_int(_text(metadata, "date_range", "begin") or "0", name, "date_range/begin"),
        end=_int(_text(metadata, "date_range", "end") or "0", name, "date_range/end"),
        domain=_text(published, "domain").lower(),
        policy=_text(published, "p").lower() or "none",
    )
    for number, record in enumerate(_children(root, "record"), start=1):
        row = _child(record, "row")
        ip = _text(row, "source_ip")
        try:
            ip = str(ipaddress.ip_address(ip))
        except ValueError:
            raise ReportError(_("“%(value)s” is not an IP address") % {"value": ip[:60]}, file=name, row=number,
                              field="source_ip") from None  # fmt: skip
        evaluated = _child(row, "policy_evaluated")
        disposition = _text(evaluated, "disposition").lower() or "none"
        auth = _child(record, "auth_results")
        passed = tuple(
            sorted(
                {
                    _text(result, "domain").lower()
                    for kind in ("dkim", "spf")
                    for result in _children(auth, kind)
                    if _text(result, "result").lower() == "pass" and _text(result, "domain")
                }
            )
        )
        report.records.append(
            Record(
                source_ip=ip,
                count=_int(_text(row, "count") or "0", name, "count", number),
                disposition=disposition if disposition in DISPOSITIONS else "none",
                dkim_aligned=_text(evaluated, "dkim").lower() == "pass",
                spf_aligned=_text(evaluated, "spf").lower() == "pass",
                header_from=_text(record, "identifiers", "header_from").lower(),
                auth_pass_domains=passed,
            )
        )
    return report


def service_of(domains: Iterable[str]) -> str:
    for domain in domains:
        parts = domain.split(".")
        for start in range(len(parts) - 1):
            name = SERVICES.get(".".join(parts[start:]))
            if name:
                return name
    return ""


@dataclass
class Source:
    source_ip: str
    messages: int = 0
    spf_aligned: int = 0
    dkim_aligned: int = 0
    dmarc_pass: int = 0
    dispositions: Counter = field(default_factory=Counter)
    auth_pass_domains: set = field(default_factory=set)

    @property
    def disposition(self) -> str:
        """What receivers did with most of its messages (none / quarantine / reject)."""
        if not self.dispositions:
            return "none"
        return max(DISPOSITIONS, key=lambda d: (self.dispositions[d], -DISPOSITIONS.index(d)))

    @property
    def unaligned_service(self) -> bool:
        """A real sender (something authenticated) whose mail still fails DMARC."""
        return self.dmarc_pass < self.messages and bool(self.auth_pass_domains)

    @property
    def service(self) -> str:
        return service_of(sorted(self.auth_pass_domains))

    def as_json(self) -> dict[str, Any]:
        return {
            "source_ip": self.source_ip,
            "messages": self.messages,
            "spf_aligned": self.spf_aligned,
            "dkim_aligned": self.dkim_aligned,
            "dmarc_pass": self.dmarc_pass,
            "disposition": self.disposition,
        }


@dataclass
class Summary:
    reports: int = 0
    messages: int = 0
    dmarc_pass: int = 0
    domains: set = field(default_factory=set)
    policies: set = field(default_factory=set)
    sources: dict[str, Source] = field(default_factory=dict)
    seen: set = field(default_factory=set)  # (org_name, report_id): a report read twice counts once

    def add(self, report: Report) -> None:
        key = (report.org_name, report.report_id)
        if report.report_id and key in self.seen:
            return
        self.seen.add(key)
        self.reports += 1
        if report.domain:
            self.domains.add(report.domain)
        self.policies.add(report.policy)
        for record in report.records:
            source = self.sources.get(record.source_ip)
            if source is None:
                source = self.sources[record.source_ip] = Source(record.source_ip)
            dmarc = record.dkim_aligned or record.spf_aligned
            source.messages += record.count
            source.spf_aligned += record.count if record.spf_aligned else 0
            source.dkim_aligned += record.count if record.dkim_aligned else 0
            source.dmarc_pass += record.count if dmarc else 0
            source.dispositions[record.disposition] += record.count
            source.auth_pass_domains.update(record.auth_pass_domains)
            self.messages += record.count
            self.dmarc_pass += record.count if dmarc else 0

    @property
    def pass_rate(self) -> float:
        return round(self.dmarc_pass / self.messages, 4) if self.messages else 0.0

    def ordered_sources(self) -> list[Source]:
        return sorted(self.sources.values(), key=lambda s: (-s.messages, s.source_ip))

    def unaligned(self) -> list[Source]:
        return [s for s in self.ordered_sources() if s.unaligned_service]

    def own_pass_rate(self) -> float:
        """DMARC pass rate of the mail that authenticated at all (the company's own services)."""
        own = [s for s in self.sources.values() if s.auth_pass_domains or s.dmarc_pass]
        total = sum(s.messages for s in own)
        return sum(s.dmarc_pass for s in own) / total if total else 0.0

    def verdict(self) -> CheckResult:
        findings = []
        unaligned = self.unaligned()
        if unaligned:
            names = [f"{s.source_ip} ({s.service})" if s.service else s.source_ip for s in unaligned]
            failing = sum(s.messages - s.dmarc_pass for s in unaligned)
            findings.append(
                Finding(
                    "dmarc-unaligned-source",
                    "medium",
                    _("Services send mail for your domain without passing DMARC"),
                    _(
                        "These senders authenticate, but not as your domain, so their %(count)s messages fail "
                        "DMARC. Before moving to p=quarantine, have each one sign with DKIM for your domain (or "
                        "send from an address of your domain in their SPF); otherwise their mail goes to spam."
                    )
                    % {"count": failing},
                    count=len(unaligned),
                    extra={"items": names},
                )
            )
        spoofed = [s for s in self.ordered_sources() if s.dmarc_pass == 0 and not s.auth_pass_domains]
        if spoofed:
            findings.append(
                Finding(
                    "dmarc-unauthenticated-source",
                    "low",
                    _("Mail in your name from senders that pass nothing"),
                    _(
                        "%(count)s messages came from addresses that pass neither SPF nor DKIM: someone using your "
                        "domain, or mail forwarded on the way. p=quarantine is what stops them reaching inboxes."
                    )
                    % {"count": sum(s.messages for s in spoofed)},
                    count=len(spoofed),
                    extra={"items": [s.source_ip for s in spoofed]},
                )
            )
        if self.messages and not unaligned and self.policies == {"none"} and self.own_pass_rate() >= READY_PASS_RATE:
            findings.append(
                Finding(
                    "dmarc-ready-for-quarantine",
                    "info",
                    _("Moving to p=quarantine is safe now"),
                    _(
                        "Every service that sends for your domain passes DMARC in these reports. Change the DMARC "
                        "record from p=none to p=quarantine (start with pct=25 if you want to be careful) and keep "
                        "reading the reports."
                    ),
                )
            )
        return CheckResult("dmarc-report", findings)

    def as_json(self) -> dict[str, Any]:
        return {
            "reports": self.reports,
            "messages": self.messages,
            "pass_rate": self.pass_rate,
            "sources": [s.as_json() for s in self.ordered_sources()],
            "findings": [f.as_json() for f in self.verdict().sorted_findings()],
        }


def summarise(reports: Iterable[Report]) -> Summary:
    summary = Summary()
    for report in reports:
        summary.add(report)
    return summary
