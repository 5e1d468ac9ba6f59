"""A real DNS server on loopback (dnslib), serving test zones to the mail-domain check.

`dns_server` (fixture) starts it on a free port, UDP and TCP, and yields "127.0.0.1:PORT" for
`--nameserver` and `EVIDENCE_NAMESERVER`. Names in no zone answer NXDOMAIN; names that exist without
the asked type answer NOERROR with no records, as a real authoritative server does.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from dnslib import QTYPE, RCODE, RR
from dnslib.server import BaseResolver, DNSServer

# Test zones: one per situation the check must recognise.
ZONES = """
good.test.            300 IN SOA ns.good.test. hostmaster.good.test. 1 3600 600 86400 300
good.test.            300 IN MX  10 mx1.good.test.
mx1.good.test.        300 IN A   192.0.2.10
good.test.            300 IN TXT "v=spf1 ip4:192.0.2.0/24 include:_spf.provider.test -all"
good.test.            300 IN TXT "google-site-verification=abc"
_dmarc.good.test.     300 IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@good.test"
selector1._domainkey.good.test. 300 IN TXT "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC"
_spf.provider.test.   300 IN TXT "v=spf1 ip4:198.51.100.0/24 ip6:2001:db8::/32 ~all"
provider.test.        300 IN SOA ns.provider.test. hostmaster.provider.test. 1 3600 600 86400 300

weak.test.            300 IN SOA ns.weak.test. hostmaster.weak.test. 1 3600 600 86400 300
weak.test.            300 IN MX  10 mx.weak.test.
weak.test.            300 IN TXT "v=spf1 a mx ~all"
_dmarc.weak.test.     300 IN TXT "v=DMARC1; p=none"

open.test.            300 IN SOA ns.open.test. hostmaster.open.test. 1 3600 600 86400 300
open.test.            300 IN TXT "v=spf1 include:_spf.provider.test +all"
open.test.            300 IN TXT "v=spf1 -all"

bare.test.            300 IN SOA ns.bare.test. hostmaster.bare.test. 1 3600 600 86400 300
bare.test.            300 IN A   192.0.2.20

broken.test.          300 IN SOA ns.broken.test. hostmaster.broken.test. 1 3600 600 86400 300
broken.test.          300 IN MX  10 mx.broken.test.
broken.test.          300 IN TXT "v=spf1 ip4:300.1.2.3 incude:_spf.provider.test ?all"
_dmarc.broken.test.   300 IN TXT "v=DMARC1; p=maybe"
custom._domainkey.broken.test. 300 IN TXT "v=DKIM1; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"

many.test.            300 IN SOA ns.many.test. hostmaster.many.test. 1 3600 600 86400 300
many.test.            300 IN MX  10 mx.many.test.
many.test.            300 IN TXT "v=spf1 include:a.chain.test include:b.chain.test include:c.chain.test -all"
a.chain.test.         300 IN TXT "v=spf1 a:x1.chain.test a:x2.chain.test a:x3.chain.test ~all"
b.chain.test.         300 IN TXT "v=spf1 mx:x4.chain.test exists:x5.chain.test include:d.chain.test ~all"
c.chain.test.         300 IN TXT "v=spf1 redirect=e.chain.test"
d.chain.test.         300 IN TXT "v=spf1 a:x6.chain.test ~all"
e.chain.test.         300 IN TXT "v=spf1 a:x7.chain.test a:x8.chain.test ~all"
x1.chain.test.        300 IN A   192.0.2.1
x2.chain.test.        300 IN A   192.0.2.2
x3.chain.test.        300 IN A   192.0.2.3
x4.chain.test.        300 IN MX  10 x1.chain.test.
x6.chain.test.        300 IN A   192.0.2.6
x7.chain.test.        300 IN A   192.0.2.7
x8.chain.test.        300 IN A   192.0.2.8
_dmarc.many.test.     300 IN TXT "v=DMARC1; p=quarantine; pct=50; rua=mailto:r@many.test"
"""


class ZoneResolver(BaseResolver):
    """Answers from the zone text; names under `servfail` answer SERVFAIL, as a broken authoritative server does."""

    def __init__(self, zone_text: str, servfail: tuple[str, ...] = ()) -> None:
        self.records = RR.fromZone(zone_text)
        self.by_name: dict[str, list[RR]] = {}
        for rr in self.records:
            self.by_name.setdefault(str(rr.rname).lower(), []).append(rr)
        self.servfail = tuple(s.lower().rstrip(".") + "." for s in servfail)

    def resolve(self, request, handler):  # type: ignore[no-untyped-def]
        reply = request.reply()
        qname, qtype = str(request.q.qname).lower(), QTYPE[request.q.qtype]
        if qname.endswith(self.servfail) and self.servfail:
            reply.header.rcode = RCODE.SERVFAIL
            return reply
        records = self.by_name.get(qname)
        answers = [rr for rr in records or [] if QTYPE[rr.rtype] == qtype or qtype == "ANY"]
        for rr in answers:
            reply.add_answer(rr)
        if records is None:
            reply.header.rcode = RCODE.NXDOMAIN
        return reply


def free_port() -> int:
    """A port free for both UDP and TCP on 127.0.0.1."""
    for _attempt in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise RuntimeError("no free port for the test DNS server")


def start_dns_server(zone_text: str = ZONES, servfail: tuple[str, ...] = ()) -> tuple[str, list[DNSServer]]:
    port = free_port()
    resolver = ZoneResolver(zone_text, servfail)
    servers = [DNSServer(resolver, address="127.0.0.1", port=port, tcp=tcp, logger=_Quiet()) for tcp in (False, True)]
    for server in servers:
        server.start_thread()
    return f"127.0.0.1:{port}", servers


class _Quiet:
    def __getattr__(self, name):  # type: ignore[no-untyped-def]
        return lambda *args, **kwargs: None


@pytest.fixture(scope="session")
def dns_server() -> Iterator[str]:
    address, servers = start_dns_server()
    yield address
    for server in servers:
        server.stop()


@pytest.fixture
def silent_nameserver() -> Iterator[str]:
    """A UDP port that receives queries and never answers: a DNS server that is down or filtered."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"127.0.0.1:{sock.getsockname()[1]}"
