"""SPF and DMARC as we read them agree with checkdmarc, an independent implementation, over generated zones.

A seeded generator writes ZONES zones, each under its own name (z0.test, z1.test, ...), of every shape
RFC 7208 allows: nested and repeated includes, one domain reached by two include paths, redirects (alone,
chained, and ignored next to "all"), macros, void lookups, chains over the 10-lookup limit, include loops,
includes of domains without SPF, several or no SPF records, syntax errors. One real DNS server on loopback
(dnslib) serves them all; our check (`evaluate_spf`, `read_dmarc` over `DnsLookup`) and checkdmarc ask it.

For each zone the verdicts agree (none / multiple / permerror / pass), and for records that evaluate, so do
the lookup count, the void-lookup count, the final "all" and the DMARC policy.

Deliberate differences (docs/evidence.md, "SPF and checkdmarc"):
- `exists:` of a name without an address is a void lookup for us (RFC 7208 4.6.4 counts every term whose
  query finds nothing); checkdmarc does not query `exists:` at all. The generator points `exists:` only
  at names that exist; the void case is checked by hand in test_mail_domain.py (many.test).
- Past 10 lookups checkdmarc stops and reports the count at which it stopped (11); we walk on and report
  the whole count (e.g. 13), so the owner knows how far over the limit the record is. Both say permerror.
- DMARC `pct=`: checkdmarc follows DMARCbis, which drops the tag; we still read it (RFC 7489 6.3, the
  standard receivers apply), so only the policy (p=) is compared.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

import dns.resolver
import pytest
from checkdmarc import utils as checkdmarc_utils
from checkdmarc.dmarc import check_dmarc
from checkdmarc.spf import (
    MultipleSPFRTXTRecords,
    SPFError,
    SPFRecordNotFound,
    SPFTooManyDNSLookups,
    parse_spf_record,
    query_spf_record,
)

from rashinban.evidence.maildomain import DnsLookup, read_dmarc
from rashinban.evidence.spf import LOOKUP_LIMIT, VOID_LIMIT, evaluate_spf
from tests.evidence.dns_server import start_dns_server

ZONES = 240
SEED = 7208
SHAPES = (
    "nested",
    "repeated-include",
    "two-paths",
    "redirect",
    "redirect-ignored",
    "macro",
    "void",
    "over-limit",
    "loop",
    "missing-include",
    "multiple-records",
    "no-record",
    "syntax",
    "aaaa-only",
)
MACROS = ("%{i}._spf.%{d}", "%{ir}.%{v}._spf.%{d2}", "%{l}.%{o}.users.%{d}", "%{s}.x.%{h}")
QUALIFIERS = ("-", "~", "?", "+", "")


@dataclass
class Zone:
    apex: str
    rng: random.Random
    lines: list[str] = field(default_factory=list)
    shapes: set[str] = field(default_factory=set)
    count: int = 0
    shared: str = ""
    shared_refs: int = 0

    def name(self, prefix: str = "n") -> str:
        self.count += 1
        return f"{prefix}{self.count}.{self.apex}"

    def add(self, name: str, rtype: str, value: str) -> None:
        self.lines.append(f"{name}. 300 IN {rtype} {value}")

    def txt(self, name: str, text: str) -> None:
        self.add(name, "TXT", '"' + text.replace('"', "") + '"')

    def host(self, kind: str = "a") -> str:
        """A name with an address (A, or only AAAA) or with MX records."""
        name = self.name("h")
        if kind == "aaaa":
            self.add(name, "AAAA", f"2001:db8::{self.count}")
        elif kind == "mx":
            target = self.host()
            self.add(name, "MX", f"10 {target}.")
        else:
            self.add(name, "A", f"192.0.2.{self.count % 250 + 1}")
        return name

    def nowhere(self) -> str:
        """A name that does not exist (NXDOMAIN), or one that exists with only a TXT record (no data)."""
        name = self.name("void")
        if self.rng.random() < 0.5:
            self.txt(name, "not spf")
        return name


def term(zone: Zone, depth: int, stack: list[str]) -> str:
    rng = zone.rng
    q = rng.choice(("", "", "", "-", "~", "?"))
    roll = rng.random()
    if roll < 0.12:
        return f"{q}ip4:192.0.2.{rng.randint(0, 255)}/{rng.choice((24, 28, 32))}"
    if roll < 0.18:
        return f"{q}ip6:2001:db8:{rng.randint(1, 999)}::/48"
    if roll < 0.30:
        kind = rng.choice(("a", "a", "aaaa", "void", "self"))
        if kind == "self":
            return f"{q}a"
        if kind == "void":
            zone.shapes.add("void")
            return f"{q}a:{zone.nowhere()}"
        if kind == "aaaa":
            zone.shapes.add("aaaa-only")
        return f"{q}a:{zone.host(kind)}/24"
    if roll < 0.38:
        if rng.random() < 0.3:
            zone.shapes.add("void")
            return f"{q}mx:{zone.nowhere()}"
        return f"{q}mx:{zone.host('mx')}"
    if roll < 0.43:
        # exists: only at names that exist (see the module's note on void exists lookups)
        return f"{q}exists:{zone.host()}"
    if roll < 0.50:
        zone.shapes.add("macro")
        mechanism = rng.choice(("include", "exists", "a", "mx"))
        return f"{q}{mechanism}:{rng.choice(MACROS)}"
    if roll < 0.53 and depth > 0:
        zone.shapes.add("loop")
        return f"include:{rng.choice(stack)}"
    if roll < 0.56:
        zone.shapes.add("missing-include")
        return f"include:{zone.nowhere()}"
    if roll < 0.68:
        zone.shared_refs += 1
        if zone.shared_refs > 1:
            zone.shapes.add("two-paths")
        return f"include:{zone.shared}"
    if depth >= 4:
        return f"{q}a:{zone.host()}"
    child = zone.name("inc")
    record(zone, child, depth + 1, [*stack, child])
    if depth >= 1:
        zone.shapes.add("nested")
    if rng.random() < 0.2:
        zone.shapes.add("repeated-include")
        return f"include:{child} include:{child}"
    return f"include:{child}"


def record(zone: Zone, name: str, depth: int, stack: list[str]) -> None:
    rng = zone.rng
    width = rng.choice((0, 1, 2, 3, 3, 4, 5)) if depth < 3 else rng.choice((0, 1, 2))
    terms = [term(zone, depth, stack) for _ in range(width)]
    if rng.random() < 0.04:
        zone.shapes.add("syntax")
        terms.insert(rng.randint(0, len(terms)), rng.choice(("incude:x.test", "ip4:300.1.2.3", "a:", "all:x")))
    ending = rng.random()
    if ending < 0.18 and depth < 4:
        target = zone.name("red")
        zone.shapes.add("redirect")
        record(zone, target, depth + 1, [*stack, target])
        terms.append(f"redirect={target}")
        if rng.random() < 0.25:
            zone.shapes.add("redirect-ignored")
            terms.append(f"{rng.choice(QUALIFIERS)}all")
    elif ending < 0.21:
        zone.shapes.add("macro")
        terms.append(f"redirect={rng.choice(MACROS)}")
    elif ending < 0.93:
        terms.append(f"{rng.choice(QUALIFIERS)}all")
    zone.txt(name, " ".join(["v=spf1", *terms]))


def over_limit(zone: Zone) -> None:
    """A chain of includes each costing two more lookups: 3 per level, 4 or 5 levels."""
    zone.shapes.add("over-limit")
    names = [zone.name("chain") for _ in range(zone.rng.randint(4, 5))]
    for here, there in zip(names, [*names[1:], None], strict=True):
        tail = f" include:{there}" if there else ""
        zone.txt(here, f"v=spf1 a:{zone.host()} mx:{zone.host('mx')}{tail} ~all")
    zone.txt(zone.apex, f"v=spf1 include:{names[0]} -all")


def make_zone(index: int, rng: random.Random) -> Zone:
    apex = f"z{index}.test"
    zone = Zone(apex, rng)
    zone.add(apex, "SOA", f"ns.{apex}. hostmaster.{apex}. 1 3600 600 86400 300")
    if rng.random() < 0.6:
        zone.add(apex, "A", "192.0.2.200")
    if rng.random() < 0.6:
        zone.add(apex, "MX", f"10 {zone.host()}.")
    zone.shared = zone.name("shared")
    record(zone, zone.shared, 2, [zone.shared])
    zone.shared_refs = 0
    shape = index % 12
    if shape == 0:
        over_limit(zone)
    elif shape == 1:
        zone.shapes.add("multiple-records")
        zone.txt(apex, "v=spf1 -all")
        record(zone, apex, 0, [apex])
    elif shape == 2:
        zone.shapes.add("no-record")
        zone.txt(apex, "google-site-verification=abc")
    else:
        record(zone, apex, 0, [apex])
    policy = rng.choice(("none", "quarantine", "reject", "reject", "maybe", None))
    if policy:
        pct = rng.choice(("", "", "; pct=50", "; pct=100"))
        zone.txt(f"_dmarc.{apex}", f"v=DMARC1; p={policy}{pct}; rua=mailto:dmarc@{apex}")
    return zone


@pytest.fixture(scope="module")
def zones():
    rng = random.Random(SEED)
    made = [make_zone(i, rng) for i in range(ZONES)]
    address, servers = start_dns_server("\n".join(line for z in made for line in z.lines))
    yield address, made
    for server in servers:
        server.stop()


def ours(apex: str, nameserver: str) -> dict:
    lookup = DnsLookup(nameserver, timeout=3.0)
    spf = evaluate_spf(apex, lookup)
    dmarc = read_dmarc(lookup.txt(f"_dmarc.{apex}") or [])
    assert lookup.failure is None, lookup.failure
    if spf.records == 0:
        verdict = "none"
    elif spf.records > 1:
        verdict = "multiple"
    elif spf.errors or spf.lookups > LOOKUP_LIMIT or spf.void_lookups > VOID_LIMIT:
        verdict = "permerror"
    else:
        verdict = "pass"
    return {
        "verdict": verdict,
        "too_many": spf.lookups > LOOKUP_LIMIT,
        "lookups": spf.lookups,
        "void": spf.void_lookups,
        "all": {"-all": "fail", "~all": "softfail", "?all": "neutral", "+all": "pass", None: "neutral"}[spf.all],
        "policy": dmarc.policy,
    }


def theirs(apex: str, resolver: dns.resolver.Resolver) -> dict:
    checkdmarc_utils.DNS_CACHE.clear()
    options = {"resolver": resolver, "timeout": 3.0, "retries": 0}
    result: dict = {"too_many": False, "lookups": None, "void": None, "all": None}
    try:
        record = query_spf_record(apex, **options)["record"]
    except MultipleSPFRTXTRecords:
        result["verdict"] = "multiple"
    except SPFRecordNotFound:
        result["verdict"] = "none"
    else:
        try:
            parsed = parse_spf_record(record, apex, **options)
        except SPFTooManyDNSLookups:
            result.update(verdict="permerror", too_many=True)
        except SPFError:
            result["verdict"] = "permerror"
        else:
            result.update(
                verdict="pass",
                lookups=parsed["dns_lookups"],
                void=parsed["void_dns_lookups"],
                all=parsed["parsed"]["all"],
            )
    dmarc = check_dmarc(apex, **options)
    valid = dmarc.get("valid") and "tags" in dmarc
    result["policy"] = dmarc["tags"]["p"]["value"] if valid else None
    return result


def test_spf_and_dmarc_agree_with_checkdmarc_over_generated_zones(zones):
    address, made = zones
    host, port = address.split(":")
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers, resolver.port = [host], int(port)
    disagreements, verdicts, shapes = [], Counter(), Counter()
    for zone in made:
        mine, other = ours(zone.apex, address), theirs(zone.apex, resolver)
        verdicts[mine["verdict"]] += 1
        shapes.update(zone.shapes)
        keys = ["verdict", "policy"]
        if other["verdict"] == "pass":
            keys += ["lookups", "void", "all"]
        if other["too_many"]:
            keys.append("too_many")
        differing = {k: (mine[k], other[k]) for k in keys if mine[k] != other[k]}
        if differing:
            records = [line for line in zone.lines if " TXT " in line]
            disagreements.append(f"{zone.apex}: {differing}\n    " + "\n    ".join(records))
    assert not disagreements, f"{len(disagreements)} of {len(made)} zones disagree:\n" + "\n".join(disagreements[:8])
    assert len(made) >= 200
    # Every shape the generator knows is there, many times over, and every verdict occurs.
    assert all(shapes[s] >= 5 for s in SHAPES), shapes
    assert all(verdicts[v] >= 10 for v in ("none", "multiple", "permerror", "pass")), verdicts
