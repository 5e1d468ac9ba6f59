"""DNS trouble is "could not check" (dns-error), never "this domain does not exist".

SERVFAIL and timeouts come from a real DNS server on loopback; "no resolver" from a machine whose
resolv.conf names no DNS server. Before: no resolver raised NoResolverConfiguration (a crash).
"""

from __future__ import annotations

import pytest

from rashinban.evidence import maildomain
from rashinban.evidence.maildomain import CHECK, parse
from rashinban.evidence.registry import CheckInput, Progress
from tests.evidence.dns_server import start_dns_server

ZONE = """
ok.test.      300 IN SOA ns.ok.test. hostmaster.ok.test. 1 3600 600 86400 300
ok.test.      300 IN TXT "v=spf1 include:_spf.broken.test -all"
_dmarc.ok.test. 300 IN TXT "v=DMARC1; p=reject; rua=mailto:d@ok.test"
"""


def check(domain: str, nameserver: str, timeout: float = 1.0) -> dict:
    inputs = CheckInput(values={"domain": domain}, options={"nameserver": nameserver, "dns_timeout": timeout})
    return CHECK.run(parse(inputs), Progress()).as_json()


@pytest.fixture(scope="module")
def servfail_server():
    address, servers = start_dns_server(ZONE, servfail=("broken.test", "down.test"))
    yield address
    for server in servers:
        server.stop()


def ids(result: dict) -> set[str]:
    return {f["id"] for f in result["findings"]}


def test_servfail_for_the_domain_is_could_not_check(servfail_server):
    result = check("down.test", servfail_server)
    assert ids(result) == {"dns-error"}


def test_servfail_inside_the_spf_chain_is_could_not_check_not_a_verdict(servfail_server):
    result = check("ok.test", servfail_server)
    assert ids(result) == {"dns-error"}
    assert "spf-syntax" not in ids(result) and "domain-not-found" not in ids(result)


def test_timeout_is_could_not_check(silent_nameserver):
    assert ids(check("ok.test", silent_nameserver, timeout=0.3)) == {"dns-error"}


def test_no_resolver_configured_is_could_not_check(tmp_path, monkeypatch):
    empty = tmp_path / "resolv.conf"
    empty.write_text("# no nameserver lines\n", encoding="utf-8")
    monkeypatch.setattr(maildomain, "RESOLV_CONF", str(empty))
    result = check("example.jp", "")
    assert ids(result) == {"dns-error"}
    assert "no DNS server" in result["findings"][0]["detail"] or "DNS" in result["findings"][0]["detail"]
