"""SPF (RFC 7208) as a receiving mail server reads it: one record, its syntax, the final `all`, and the DNS
lookups it costs (at most 10, following include and redirect) and how many of them find nothing (at most 2).

Pure: DNS answers come from the `lookup` object passed in (see `maildomain.DnsLookup`).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Protocol

from rashinban.evidence.text import _

LOOKUP_LIMIT = 10  # RFC 7208 4.6.4
VOID_LIMIT = 2  # RFC 7208 4.6.4
MECHANISMS = {"all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"}
COUNTED = {"include", "a", "mx", "ptr", "exists"}  # each costs one DNS lookup; so does redirect=
TERM = re.compile(r"^(?P<qualifier>[+?~-])?(?P<name>[a-z][a-z0-9_.-]*)(?P<rest>.*)$", re.IGNORECASE)
MODIFIER = re.compile(r"^(?P<name>[a-z][a-z0-9_.-]*)=(?P<value>.*)$", re.IGNORECASE)
DOMAIN_SPEC = re.compile(r"^[A-Za-z0-9_.%{}\-+=,/|&!]+$")  # domain names, possibly with SPF macros


class Lookup(Protocol):
    def txt(self, name: str) -> list[str] | None: ...  # None: the lookup failed (timeout, SERVFAIL)

    def exists(self, name: str, rdtype: str) -> bool | None: ...


@dataclass
class SpfReport:
    record: str | None = None
    records: int = 0
    valid: bool = False
    all: str | None = None  # "-all", "~all", "?all", "+all"; None when the record has no final all
    lookups: int = 0
    void_lookups: int = 0
    errors: list[str] = field(default_factory=list)  # syntax problems, each naming the term

    def as_json(self) -> dict[str, object]:
        return {
            "record": self.record,
            "valid": self.valid,
            "all": self.all,
            "lookups": self.lookups,
            "void_lookups": self.void_lookups,
        }


def spf_records(texts: list[str]) -> list[str]:
    return [t for t in texts if t.lower() == "v=spf1" or t.lower().startswith("v=spf1 ")]


def check_term(term: str) -> str | None:
    """The problem with one term of a record, or None when it is valid."""
    modifier = MODIFIER.match(term)
    if modifier:
        name, value = modifier["name"].lower(), modifier["value"]
        if name in ("redirect", "exp") and not (value and DOMAIN_SPEC.match(value)):
            return _("%(term)s: %(name)s= needs a domain") % {"term": term, "name": name}
        return None
    match = TERM.match(term)
    if not match or match["name"].lower() not in MECHANISMS:
        return _("%(term)s: unknown mechanism") % {"term": term}
    name, rest = match["name"].lower(), match["rest"]
    if name == "all":
        return _("%(term)s: all takes no value") % {"term": term} if rest else None
    if name in ("ip4", "ip6"):
        try:
            network = ipaddress.ip_network(rest[1:] if rest.startswith(":") else "!", strict=False)
        except ValueError:
            return _("%(term)s: not an IP address or network") % {"term": term}
        if network.version != int(name[2]):
            return _("%(term)s: not an IPv%(version)s address") % {"term": term, "version": name[2]}
        return None
    if name in ("include", "exists") and not (rest.startswith(":") and DOMAIN_SPEC.match(rest[1:])):
        return _("%(term)s: %(name)s needs a domain") % {"term": term, "name": name}
    if name in ("a", "mx", "ptr") and rest and not re.match(r"^(:[^/\s]+)?(/\d{1,3}){0,2}$", rest):
        return _("%(term)s: bad domain or prefix length") % {"term": term}
    return None


def evaluate_spf(domain: str, lookup: Lookup) -> SpfReport:
    report = SpfReport()
    texts = lookup.txt(domain)
    if texts is None:
        return report
    records = spf_records(texts)
    report.records = len(records)
    if len(records) != 1:
        return report
    report.record = records[0]
    state = _Walk(lookup, report)
    report.all = state.walk(domain, records[0], stack=(domain.lower(),), top=True)
    report.valid = not report.errors
    return report


class _Walk:
    """Follows include and redirect, counting lookups the way a receiver evaluating the record does.

    RFC 7208 4.6.4: every include, a, mx, ptr, exists and redirect evaluated costs one lookup, repeats
    included, so a domain reached by two include paths is walked (and counted) twice; only a domain that
    includes itself through its own chain is a loop. Terms after "all" are never evaluated (5.1).
    Differences from checkdmarc (tests/evidence/test_spf_differential.py) are listed in docs/evidence.md.
    """

    # A walk stops following includes past this many lookups: the verdict (too many) is already certain,
    # and records that include the same domains many times over cannot make it run long.
    WALK_CAP = 10 * LOOKUP_LIMIT

    def __init__(self, lookup: Lookup, report: SpfReport) -> None:
        self.lookup, self.report = lookup, report
        self.cache: dict[str, list[str] | None] = {}

    def walk(self, domain: str, record: str, stack: tuple[str, ...], top: bool = False) -> str | None:
        terms = record.split()[1:]
        final_all, redirect, modifiers = None, None, {"redirect": 0, "exp": 0}
        for term in terms:
            problem = check_term(term)
            if problem:
                self.report.errors.append(problem if top else f"{domain}: {problem}")
                continue
            modifier = MODIFIER.match(term)
            if modifier:
                name = modifier["name"].lower()
                if name in modifiers:
                    modifiers[name] += 1
                if name == "redirect":
                    redirect = modifier["value"]
                continue
            match = TERM.match(term.lower())
            assert match is not None
            name, rest = match["name"], match["rest"]
            if name == "all":
                final_all = (match["qualifier"] or "+") + "all"
                break  # RFC 7208 5.1: nothing after "all" is evaluated
            if name in COUNTED:
                self.report.lookups += 1
                self._follow(name, rest[1:].split("/")[0] if rest.startswith(":") else domain, stack)
        for name, count in modifiers.items():
            if count > 1:  # RFC 7208 6: redirect and exp may appear at most once
                message = _("%(name)s= appears more than once") % {"name": name}
                self.report.errors.append(message if top else f"{domain}: {message}")
        if redirect and final_all is None:  # RFC 7208 6.1: redirect is ignored when there is an all
            self.report.lookups += 1
            if "%" in redirect:
                return None  # a macro: resolved per message
            return self._include(redirect, stack)
        return final_all

    def _follow(self, name: str, target: str, stack: tuple[str, ...]) -> None:
        if "%" in target:
            return  # a macro: resolved per message, not countable here
        if name == "include":
            self._include(target, stack)
        elif name in ("a", "mx", "exists"):
            if name == "a":  # RFC 7208 5.3: an address of either family matches
                found = self.lookup.exists(target, "A") or self.lookup.exists(target, "AAAA")
            else:
                found = self.lookup.exists(target, "MX" if name == "mx" else "A")
            if found is False:
                self.report.void_lookups += 1

    def _txt(self, name: str) -> list[str] | None:
        key = name.lower().rstrip(".")
        if key not in self.cache:
            self.cache[key] = self.lookup.txt(name)
        return self.cache[key]

    def _include(self, target: str, stack: tuple[str, ...]) -> str | None:
        key = target.lower().rstrip(".")
        if key in stack:
            self.report.errors.append(_("%(domain)s: include or redirect loop") % {"domain": target})
            return None
        if self.report.lookups > self.WALK_CAP:
            return None
        texts = self._txt(target)
        if texts is None:
            return None
        records = spf_records(texts)
        if not records:
            self.report.void_lookups += 1
            self.report.errors.append(_("%(domain)s has no SPF record, so the include fails") % {"domain": target})
            return None
        if len(records) > 1:  # RFC 7208 4.5: more than one record is a permanent error
            self.report.errors.append(_("%(domain)s has more than one SPF record") % {"domain": target})
            return None
        return self.walk(target, records[0], (*stack, key))
