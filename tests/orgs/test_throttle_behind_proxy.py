"""Pen-test finding: behind the documented reverse proxy every client had the proxy's address, so five wrong
passwords locked the real user out for 15 minutes, repeatably. The client address is read behind trusted
proxies only, and the pause grows instead of a fixed hard lock."""

from __future__ import annotations

from datetime import timedelta
from ipaddress import ip_network

import pytest
from django.test import RequestFactory

from rashinban.orgs.throttle import client_ip, cooloff
from tests.conftest import PASSWORD

PROXY = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_NETWORKS = [ip_network("127.0.0.1/32"), ip_network("10.0.0.0/8")]


def sign_in(client, email: str, password: str, forwarded_for: str) -> int:
    return client.post(
        "/login/", {"username": email, "password": password}, HTTP_X_FORWARDED_FOR=forwarded_for, **PROXY
    ).status_code


def test_an_attacker_behind_the_proxy_does_not_lock_out_the_owner(client, bob, behind_proxy):
    for attempt in range(8):
        sign_in(client, "bob@a.example", f"wrong-{attempt}", "203.0.113.66")
    assert sign_in(client, "bob@a.example", "wrong", "203.0.113.66") == 429
    assert sign_in(client, "bob@a.example", PASSWORD, "198.51.100.7") == 302  # the real person, elsewhere


def test_without_trusted_proxies_the_header_is_ignored(rf: RequestFactory, settings):
    settings.TRUSTED_PROXY_NETWORKS = []
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="203.0.113.66")
    assert client_ip(request) == "203.0.113.66"


def test_a_client_cannot_name_its_own_address(rf: RequestFactory, behind_proxy):
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.66", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "203.0.113.66"
    chained = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.66, 10.1.2.3", REMOTE_ADDR="127.0.0.1")
    assert client_ip(chained) == "203.0.113.66"
    garbage = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-address", REMOTE_ADDR="127.0.0.1")
    assert client_ip(garbage) == "127.0.0.1"


def test_the_pause_grows_and_is_capped(rf: RequestFactory):
    def pause(failures: int) -> timedelta:
        request = rf.get("/")
        request.axes_failures_since_start = failures
        return cooloff(request)

    assert [pause(n) for n in (5, 6, 7)] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert pause(40) == timedelta(hours=1)
