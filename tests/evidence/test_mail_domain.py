"""The mail-domain check against a real DNS server on loopback serving test zones (tests/evidence/dns_server.py)."""

from __future__ import annotations

import time

import pytest

from rashinban.evidence.maildomain import CHECK, parse
from rashinban.evidence.registry import CheckInput, InputError, Progress
from rashinban.evidence.spf import check_term


def check(domain: str, nameserver: str, selectors: str = "", timeout: float = 2.0) -> dict:
    inputs = CheckInput(
        values={"domain": domain, "selectors": selectors}, options={"nameserver": nameserver, "dns_timeout": timeout}
    )
    return CHECK.run(parse(inputs), Progress()).as_json()


def ids(result: dict) -> dict[str, str]:
    return {f["id"]: f["severity"] for f in result["findings"]}


def test_a_well_configured_domain_has_no_findings(dns_server):
    result = check("good.test", dns_server)
    assert result["spf"] == {
        "record": "v=spf1 ip4:192.0.2.0/24 include:_spf.provider.test -all",
        "valid": True,
        "all": "-all",
        "lookups": 1,
        "void_lookups": 0,
    }
    assert result["dmarc"]["policy"] == "reject" and result["dmarc"]["rua"] == "mailto:dmarc@good.test"
    assert result["dkim"]["found"] == ["selector1"] and result["mx"] == ["mx1.good.test"]
    assert result["findings"] == []


def test_softfail_and_dmarc_none_and_no_dkim(dns_server):
    result = check("weak.test", dns_server)
    assert ids(result) == {
        "spf-softfail": "low",
        "dmarc-none": "medium",
        "dmarc-no-reports": "low",
        "dkim-missing": "medium",
    }
    assert result["spf"]["void_lookups"] == 1  # "a": weak.test has no address record


def test_two_spf_records_and_no_dmarc_no_mx(dns_server):
    assert ids(check("open.test", dns_server)) == {
        "spf-multiple": "high",
        "dmarc-missing": "high",
        "mx-missing": "medium",
        "dkim-missing": "medium",
    }


def test_nothing_published(dns_server):
    result = check("bare.test", dns_server)
    assert {"spf-missing", "dmarc-missing", "mx-missing", "dkim-missing"} == set(ids(result))
    assert result["spf"]["record"] is None and result["dmarc"] == {
        "record": None,
        "policy": None,
        "sp": None,
        "pct": 100,
        "rua": None,
    }


def test_syntax_errors_neutral_all_and_a_given_selector(dns_server):
    result = check("broken.test", dns_server, selectors="custom")
    found = ids(result)
    assert found["spf-syntax"] == "high" and found["spf-permissive"] == "medium" and found["dmarc-syntax"] == "medium"
    assert "dkim-missing" not in found and result["dkim"]["found"] == ["custom"]
    syntax = next(f for f in result["findings"] if f["id"] == "spf-syntax")
    assert "ip4:300.1.2.3" in syntax["detail"] and "incude:_spf.provider.test" in syntax["detail"]
    assert result["spf"]["valid"] is False and result["spf"]["all"] == "?all"


def test_lookups_follow_include_and_redirect_and_count_void_ones(dns_server):
    # By hand: 3 includes + a:x1..x3 (3) + mx, exists, include d (3) + a:x6 (1) + redirect e (1) + a:x7, a:x8 (2) = 13
    result = check("many.test", dns_server)
    assert result["spf"]["lookups"] == 13 and result["spf"]["void_lookups"] == 1  # exists:x5 finds nothing
    assert ids(result)["spf-too-many-lookups"] == "high"
    assert ids(result)["dmarc-partial"] == "low" and result["dmarc"]["pct"] == 50


def test_a_domain_that_does_not_exist(dns_server):
    assert ids(check("nowhere.test", dns_server)) == {"domain-not-found": "high"}


def test_a_dns_server_that_does_not_answer_gives_a_finding_quickly(silent_nameserver):
    started = time.monotonic()
    result = check("good.test", silent_nameserver, timeout=0.5)
    assert time.monotonic() - started < 3  # stops after the first failure
    assert ids(result) == {"dns-error": "medium"}
    assert "timed out" in result["findings"][0]["detail"]


@pytest.mark.parametrize(
    ("raw", "domain"),
    [
        ("Example.CO.JP.", "example.co.jp"),
        ("taro@example.jp", "example.jp"),
        ("https://www.example.com/about", "example.com"),
        ("例え.jp", "xn--r8jz45g.jp"),
    ],
)
def test_domains_are_normalised(raw, domain):
    assert parse(CheckInput(values={"domain": raw})).domain == domain


@pytest.mark.parametrize("raw", ["", "localhost", "exa mple.com", "-bad-.com", "a" * 300 + ".com"])
def test_bad_domains_are_refused(raw):
    with pytest.raises(InputError):
        parse(CheckInput(values={"domain": raw}))


@pytest.mark.parametrize(
    ("term", "ok"),
    [
        ("ip4:192.0.2.0/24", True),
        ("ip4:192.0.2.300", False),
        ("ip6:2001:db8::/32", True),
        ("ip4:2001:db8::1", False),
        ("include:_spf.google.com", True),
        ("include", False),
        ("-all", True),
        ("all:x", False),
        ("a", True),
        ("mx:mail.example.com/24", True),
        ("redirect=_spf.example.com", True),
        ("redirect=", False),
        ("exp=explain._spf.%{d}", True),
        ("foo=bar", True),
        ("incude:x.com", False),
        ("~all", True),
    ],
)
def test_spf_terms(term, ok):
    assert (check_term(term) is None) == ok
