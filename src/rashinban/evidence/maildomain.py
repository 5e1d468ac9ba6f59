"""Mail domain: can others send mail in your name? MX, SPF, DMARC and DKIM as receiving servers see them.

`rashinban check mail-domain DOMAIN [--nameserver HOST[:PORT]] [--dkim-selector S ...]`
DNS trouble (timeout, SERVFAIL, no server) becomes the finding `dns-error`, never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import click
import dns.exception
import dns.name
import dns.resolver

from rashinban.evidence.findings import CheckResult, Finding
from rashinban.evidence.registry import Check, CheckInput, Field, InputError, Progress
from rashinban.evidence.spf import LOOKUP_LIMIT, VOID_LIMIT, SpfReport, evaluate_spf
from rashinban.evidence.text import _, gettext_noop
from rashinban.i18n import _ as gettext  # the CLI locale's language; named so that makemessages finds the help texts

COMMON_SELECTORS = (
    "default",
    "selector1",
    "selector2",
    "google",
    "k1",
    "k2",
    "s1",
    "s2",
    "dkim",
    "mail",
    "smtp",
    "fm1",
    "fm2",
    "fm3",
    "mxvault",
    "everlytickey1",
)
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$")
SELECTOR = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$")
DEFAULT_TIMEOUT = 4.0
RESOLV_CONF = "/etc/resolv.conf"  # the system's DNS servers when no --nameserver is given


@dataclass
class MailDomainInput:
    domain: str
    selectors: list[str]
    nameserver: str = ""
    timeout: float = DEFAULT_TIMEOUT


class DnsLookup:
    """dnspython queries; after the first failure every further query is skipped (no minute-long waits)."""

    def __init__(self, nameserver: str = "", timeout: float = DEFAULT_TIMEOUT) -> None:
        self.failure: str | None = None
        try:
            self.resolver = dns.resolver.Resolver(filename=RESOLV_CONF, configure=not nameserver)
        except dns.resolver.NoResolverConfiguration:
            # No DNS server configured on this machine: "could not check", never "the domain does not exist".
            self.resolver = dns.resolver.Resolver(configure=False)
            self.failure = _("no DNS server is configured on this computer")
        if nameserver:
            host, _sep, port = nameserver.rpartition(":") if nameserver.count(":") == 1 else (nameserver, "", "")
            self.resolver.nameservers = [host or nameserver]
            if port:
                self.resolver.port = int(port)
        self.resolver.lifetime = timeout
        self.resolver.timeout = timeout

    def _resolve(self, name: str, rdtype: str) -> list[Any] | None:
        """The records ([] for none); raises NXDOMAIN; None (and `failure` set) when DNS could not answer."""
        if self.failure:
            return None
        try:
            return list(self.resolver.resolve(name, rdtype, raise_on_no_answer=False) or [])
        except dns.resolver.NXDOMAIN:
            raise
        except dns.resolver.NoAnswer:
            return []
        except dns.resolver.NoNameservers as error:
            self.failure = _("no DNS server answered for %(name)s (%(problem)s)") % {"name": name, "problem": error}
        except dns.exception.Timeout:
            self.failure = _("the DNS query for %(name)s timed out") % {"name": name}
        except dns.exception.DNSException as error:
            self.failure = _("the DNS query for %(name)s failed (%(problem)s)") % {"name": name, "problem": error}
        return None

    def answer(self, name: str, rdtype: str) -> list[Any] | None:
        """The records, [] when the name or type has none, None when DNS could not answer."""
        try:
            return self._resolve(name, rdtype)
        except dns.resolver.NXDOMAIN:
            return []

    def txt(self, name: str) -> list[str] | None:
        records = self.answer(name, "TXT")
        if records is None:
            return None
        return [b"".join(r.strings).decode("utf-8", "replace") for r in records]

    def exists(self, name: str, rdtype: str) -> bool | None:
        records = self.answer(name, rdtype)
        return None if records is None else bool(records)

    def domain_exists(self, name: str) -> bool | None:
        try:
            return None if self._resolve(name, "SOA") is None else True
        except dns.resolver.NXDOMAIN:
            return False


def parse(inputs: CheckInput) -> MailDomainInput:
    raw = inputs.value("domain").lower().rstrip(".")
    raw = re.sub(r"^(https?://)?(www\.)?|/.*$", "", raw) if "/" in raw else raw
    raw = raw.split("@")[-1]
    try:
        domain = raw.encode("idna").decode("ascii") if raw else ""
    except UnicodeError:
        domain = ""
    if not DOMAIN.match(domain):
        raise InputError(
            _("“%(value)s” is not a domain name (for example example.co.jp)") % {"value": raw[:100]}, column="domain"
        )
    selectors = [s for s in re.split(r"[\s,]+", inputs.value("selectors")) if s]
    for selector in selectors:
        if not SELECTOR.match(selector):
            raise InputError(_("“%(value)s” is not a DKIM selector") % {"value": selector[:60]}, column="selectors")
    return MailDomainInput(
        domain,
        selectors,
        str(inputs.options.get("nameserver") or ""),
        float(inputs.options.get("dns_timeout") or DEFAULT_TIMEOUT),
    )


@dataclass
class Dmarc:
    record: str | None = None
    records: int = 0
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def policy(self) -> str | None:
        policy = self.tags.get("p", "").lower()
        return policy if policy in ("none", "quarantine", "reject") else None

    def as_json(self) -> dict[str, Any]:
        pct = self.tags.get("pct", "100")
        return {
            "record": self.record,
            "policy": self.policy,
            "sp": self.tags.get("sp") or None,
            "pct": int(pct) if pct.isdigit() else None,
            "rua": self.tags.get("rua") or None,
        }


def read_dmarc(texts: list[str]) -> Dmarc:
    records = [t for t in texts if re.match(r"^v\s*=\s*DMARC1\s*(;|$)", t, re.IGNORECASE)]
    dmarc = Dmarc(records=len(records))
    if len(records) == 1:
        dmarc.record = records[0]
        for part in records[0].split(";"):
            key, _sep, value = part.partition("=")
            if key.strip():
                dmarc.tags[key.strip().lower()] = value.strip()
    return dmarc


def run(data: MailDomainInput, progress: Progress) -> CheckResult:
    lookup = DnsLookup(data.nameserver, data.timeout)
    selectors = list(dict.fromkeys([*data.selectors, *COMMON_SELECTORS]))
    progress.start(4 + len(selectors))
    result = CheckResult("mail-domain", summary={"domain": data.domain})
    if lookup.domain_exists(data.domain) is False:
        result.findings.append(_finding("domain-not-found", "high", data.domain))
        return result
    mx = lookup.answer(data.domain, "MX")
    progress.advance()
    spf = evaluate_spf(data.domain, lookup)
    progress.advance(2)
    dmarc = read_dmarc(lookup.txt(f"_dmarc.{data.domain}") or [])
    progress.advance()
    found = [s for s in selectors if _has_dkim_key(lookup, s, data.domain, progress)]
    result.summary.update(
        {
            "mx": sorted(str(r.exchange).rstrip(".") for r in mx or []),
            "spf": spf.as_json(),
            "dmarc": dmarc.as_json(),
            "dkim": {"selectors_checked": selectors, "found": found},
        }
    )
    if lookup.failure:
        result.findings.append(
            Finding(
                "dns-error",
                "medium",
                _("DNS did not answer, so the check is incomplete"),
                _("%(problem)s. Try again later; if it keeps failing, ask whoever runs your DNS.")
                % {"problem": lookup.failure},
            )
        )
        return result
    result.findings += _findings(data.domain, mx or [], spf, dmarc, found)
    return result


def _has_dkim_key(lookup: DnsLookup, selector: str, domain: str, progress: Progress) -> bool:
    texts = lookup.txt(f"{selector}._domainkey.{domain}") or []
    progress.advance()
    return any(re.search(r"(^|;)\s*p\s*=\s*[A-Za-z0-9+/]", t) for t in texts)


def _findings(domain: str, mx: list[Any], spf: SpfReport, dmarc: Dmarc, dkim_found: list[str]) -> list[Finding]:
    findings = []
    null_mx = len(mx) == 1 and str(mx[0].exchange) == "."
    if not mx:
        findings.append(_finding("mx-missing", "medium", domain))
    if spf.records == 0:
        findings.append(_finding("spf-missing", "high", domain))
    elif spf.records > 1:
        findings.append(_finding("spf-multiple", "high", domain, n=spf.records))
    else:
        if spf.errors:
            findings.append(_finding("spf-syntax", "high", domain, problems="; ".join(spf.errors[:5])))
        if spf.lookups > LOOKUP_LIMIT:
            findings.append(_finding("spf-too-many-lookups", "high", domain, n=spf.lookups))
        if spf.void_lookups > VOID_LIMIT:
            findings.append(_finding("spf-void-lookups", "medium", domain, n=spf.void_lookups))
        if spf.all in ("+all", "?all", None):
            findings.append(
                _finding(
                    "spf-permissive",
                    "high" if spf.all == "+all" else "medium",
                    domain,
                    qualifier=spf.all or _("(none)"),
                )
            )
        elif spf.all == "~all":
            findings.append(_finding("spf-softfail", "low", domain))
    if dmarc.record is None:
        findings.append(_finding("dmarc-missing", "high", domain))
    elif dmarc.policy is None:
        findings.append(_finding("dmarc-syntax", "medium", domain))
    elif dmarc.policy == "none":
        findings.append(_finding("dmarc-none", "medium", domain))
    elif int(dmarc.as_json()["pct"] or 100) < 100:
        findings.append(_finding("dmarc-partial", "low", domain, n=dmarc.as_json()["pct"]))
    if dmarc.record and not dmarc.tags.get("rua"):
        findings.append(_finding("dmarc-no-reports", "low", domain))
    if not dkim_found and not null_mx:
        findings.append(_finding("dkim-missing", "medium", domain))
    return findings


def _finding(finding_id: str, severity: str, domain: str, **params: Any) -> Finding:
    title, detail = TEXTS[finding_id]
    values = {"domain": domain, **params}
    text = _(detail) % values
    if finding_id.startswith("dmarc-"):  # jargon: the glossary's one sentence where it appears
        text = f"{_jargon('dmarc')} {text}"
    return Finding(finding_id, severity, _(title) % values, text)


def _jargon(term_id: str) -> str:
    from django.utils.translation import get_language

    from rashinban.glossary import term

    item = term(term_id)
    return f"{item.name(get_language() or 'ja')}: {item.explanation(get_language() or 'ja')}"


TEXTS: dict[str, tuple[str, str]] = {
    "domain-not-found": (
        gettext_noop("%(domain)s does not exist in DNS"),
        gettext_noop("Check the spelling. A domain you use for mail must exist in DNS."),
    ),
    "mx-missing": (
        gettext_noop("No mail server (MX) for %(domain)s"),
        gettext_noop(
            "Mail to this domain cannot be delivered. If you receive mail here, ask your provider to add the MX "
            "records; if not, publish a null MX and “v=spf1 -all”."
        ),
    ),
    "spf-missing": (
        gettext_noop("No SPF record: anyone can send mail as %(domain)s"),
        gettext_noop(
            "Publish one TXT record starting with “v=spf1” that lists the services sending your mail (your mail "
            "provider gives it), ending in “-all”."
        ),
    ),
    "spf-multiple": (
        gettext_noop("%(n)s SPF records: receivers ignore them all"),
        gettext_noop("A domain may have only one “v=spf1” record. Merge them into one record."),
    ),
    "spf-syntax": (
        gettext_noop("The SPF record has errors"),
        gettext_noop(
            "Receivers treat a broken record as an error and may reject your mail: %(problems)s. Fix the record."
        ),
    ),
    "spf-too-many-lookups": (
        gettext_noop("SPF needs %(n)s DNS lookups; the limit is 10"),
        gettext_noop(
            "Past 10 lookups receivers give up and treat SPF as broken. Remove services you no longer use, or "
            "replace include: entries with ip4:/ip6: ranges."
        ),
    ),
    "spf-void-lookups": (
        gettext_noop("SPF names %(n)s things that do not exist"),
        gettext_noop("More than two lookups that find nothing make SPF fail. Remove the entries that point nowhere."),
    ),
    "spf-permissive": (
        gettext_noop("SPF ends in %(qualifier)s: it does not stop forged mail"),
        gettext_noop(
            "End the record with “-all” (or “~all” while you test), so that mail from other servers is not "
            "accepted as yours."
        ),
    ),
    "spf-softfail": (
        gettext_noop("SPF ends in ~all (soft fail)"),
        gettext_noop(
            "Forged mail is only marked, not refused. Once DMARC reports show all your senders pass, change it to "
            "“-all”."
        ),
    ),
    "dmarc-missing": (
        gettext_noop("No DMARC record for %(domain)s"),
        gettext_noop(
            "Without DMARC, receivers do not know what to do with mail that fails SPF and DKIM. Publish "
            "“v=DMARC1; p=none; rua=mailto:…” at _dmarc.%(domain)s, read the reports, then move to quarantine."
        ),
    ),
    "dmarc-syntax": (
        gettext_noop("The DMARC record has no valid policy"),
        gettext_noop("The record needs p=none, p=quarantine or p=reject. Fix the record at _dmarc.%(domain)s."),
    ),
    "dmarc-none": (
        gettext_noop("DMARC only watches (p=none)"),
        gettext_noop(
            "Forged mail in your name is still delivered. When the reports show your own mail passes, change the "
            "policy to p=quarantine, then p=reject."
        ),
    ),
    "dmarc-partial": (
        gettext_noop("DMARC applies to %(n)s%% of mail only"),
        gettext_noop("The rest of the forged mail is delivered. Raise pct to 100 once your own mail passes."),
    ),
    "dmarc-no-reports": (
        gettext_noop("DMARC sends no reports"),
        gettext_noop("Add rua=mailto:… to the record to learn who sends mail in your name."),
    ),
    "dkim-missing": (
        gettext_noop("No DKIM key found for %(domain)s"),
        gettext_noop(
            "Mail is not signed, or it uses a selector we did not try. Turn on DKIM signing at your mail provider, "
            "or enter the selector it uses."
        ),
    ),
}

CHECK = Check(
    name="mail-domain",
    title=gettext_noop("Mail domain (SPF, DMARC, DKIM)"),
    description=gettext_noop(
        "Enter the domain of your e-mail addresses. We look up its public DNS records to see whether others can "
        "send mail in your name. The domain is then re-checked every week."
    ),
    fields=(
        Field("domain", gettext_noop("Domain"), help=gettext_noop("For example example.co.jp")),
        Field(
            "selectors",
            gettext_noop("DKIM selectors (optional)"),
            required=False,
            help=gettext_noop("Separated by spaces. Common ones (selector1, google, default, ...) are always tried."),
        ),
    ),
    parse=parse,
    run=run,
    questions={
        "org-mail-spoofing": (
            "spf-missing",
            "spf-multiple",
            "spf-syntax",
            "spf-too-many-lookups",
            "spf-permissive",
            "dmarc-missing",
            "dmarc-none",
            "dmarc-syntax",
            "dkim-missing",
        )
    },
    subject=lambda data: data.domain,
    remembers_subject=True,
    inconclusive=("dns-error",),
    order=20,
)


@click.command("mail-domain", help=gettext("Check a mail domain's MX, SPF, DMARC and DKIM records."))
@click.argument("domain")
@click.option(
    "--nameserver", metavar="HOST[:PORT]", default="", help=gettext("Ask this DNS server instead of the system's.")
)
@click.option(
    "--dkim-selector",
    "selectors",
    multiple=True,
    metavar="S",
    help=gettext("A DKIM selector to try besides the common ones (repeatable)."),
)
@click.option("--json", "as_json", is_flag=True, help=gettext("Print JSON instead of text."))
def COMMAND(domain: str, nameserver: str, selectors: tuple[str, ...], as_json: bool) -> None:
    from rashinban.evidence.runner import run_command

    inputs = CheckInput(values={"domain": domain, "selectors": " ".join(selectors)}, options={"nameserver": nameserver})
    run_command(CHECK, inputs, as_json)
