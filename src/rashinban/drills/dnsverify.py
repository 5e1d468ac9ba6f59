"""Domain ownership: the company publishes a TXT record with our token; we look it up with dnspython.

Pure (no Django model). The nameserver is configurable (`DRILLS_DNS_NAMESERVER`, "host" or "host:port"),
so tests point it at a real DNS server on the loopback interface.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

import dns.exception
import dns.resolver
from django.utils.translation import gettext as _

PREFIX = "rashinban-verify="
DOMAIN_RE = re.compile(r"^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def expected_record(token: str) -> str:
    return PREFIX + token


def normalise_domain(text: str) -> str | None:
    """A lower-case domain name, or None when `text` is not one (an address's part after @ is accepted)."""
    domain = text.strip().lower().rstrip(".").rsplit("@", 1)[-1]
    return domain if DOMAIN_RE.match(domain) else None


@dataclass(frozen=True)
class Outcome:
    verified: bool
    problem: str = ""


def _resolver(nameserver: str, timeout: float) -> dns.resolver.Resolver:
    if not nameserver:
        resolver = dns.resolver.Resolver()
    else:
        resolver = dns.resolver.Resolver(configure=False)
        host, _sep, port = nameserver.partition(":")
        resolver.nameservers = [host]
        resolver.port = int(port or 53)
    resolver.lifetime = timeout
    return resolver


def txt_values(domain: str, nameserver: str = "", timeout: float = 5.0) -> list[str]:
    answer = _resolver(nameserver, timeout).resolve(domain, "TXT")
    return [b"".join(record.strings).decode("utf-8", "replace") for record in answer]


def check_domain(domain: str, token: str, nameserver: str = "", timeout: float = 5.0) -> Outcome:
    """Whether `domain` has the TXT record `rashinban-verify=<token>`; else what was found instead."""
    try:
        values = txt_values(domain, nameserver, timeout)
    except dns.resolver.NXDOMAIN:
        return Outcome(False, _("the domain does not exist in DNS"))
    except dns.resolver.NoAnswer:
        return Outcome(False, _("the domain has no TXT records yet"))
    except (dns.exception.Timeout, dns.resolver.NoNameservers):
        return Outcome(False, _("the DNS server did not answer; try again in a few minutes"))
    except dns.exception.DNSException as error:
        return Outcome(False, _("DNS lookup failed: %(error)s") % {"error": error.__class__.__name__})
    if expected_record(token) in values:
        return Outcome(True)
    return Outcome(False, _("the TXT record was not found (DNS changes can take up to an hour)"))
