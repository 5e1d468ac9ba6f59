"""Real peers for the drill tests: a DNS server (dnslib) and an SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from rashinban.drills import actions
from rashinban.drills.models import Domain
from tests.evidence.dns_server import start_dns_server
from tests.tasks.test_refused_mail_is_a_visible_failure import free_port

TOKEN = "drill-test-token-1234567890"
ZONE = f"""
a.example.     300 IN SOA ns.a.example. hostmaster.a.example. 1 3600 600 86400 300
a.example.     300 IN TXT "v=spf1 -all"
a.example.     300 IN TXT "rashinban-verify={TOKEN}"
wrong.example. 300 IN SOA ns.wrong.example. hostmaster.wrong.example. 1 3600 600 86400 300
wrong.example. 300 IN TXT "rashinban-verify=someone-elses-token"
"""


@pytest.fixture
def dns(settings) -> Iterator[str]:
    address, servers = start_dns_server(ZONE)
    settings.DRILLS_DNS_NAMESERVER = address
    yield address
    for server in servers:
        server.stop()


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"

    def to(self, address: str):  # type: ignore[no-untyped-def]
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def text(message) -> str:  # type: ignore[no-untyped-def]
        return message.get_body(preferencelist=("plain",)).get_content()

    def links(self, message) -> dict[str, str]:  # type: ignore[no-untyped-def]
        text = self.text(message)
        return {kind: re.search(rf"https?://\S+/d/{kind}/[\w-]+/", text).group(0) for kind in ("c", "r")}  # type: ignore[union-attr]


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def verified(org, name: str = "a.example") -> Domain:  # type: ignore[no-untyped-def]
    domain = actions.add_domain(org, name)
    Domain.objects.filter(pk=domain.pk).update(verified_at=timezone.now())
    return domain


def server_settings(org, port: int) -> None:  # type: ignore[no-untyped-def]
    actions.save_mail_settings(org, {"host": "127.0.0.1", "port": port, "security": "none", "username": ""}, "")


def planned(org, owner, **overrides):  # type: ignore[no-untyped-def]
    template = actions.template_from_lure(org, "password-expiry", "ja")
    now = timezone.now()
    values = {"name": "4月の訓練", "from_address": "it@a.example", "window_start": now - timedelta(minutes=1),
              "window_end": now + timedelta(minutes=1), "rate_per_hour": 3600, **overrides}  # fmt: skip
    return actions.plan_drill(org, template, by=owner, **values)


def deliver_all() -> int:
    """Run every queued drill mail now, through the real task runner (the worker would wait for its time)."""
    from rashinban.tasks.models import Job, JobStatus
    from rashinban.tasks.runner import run_now

    queued = Job.objects.filter(name="drills.send", status=JobStatus.QUEUED)
    queued.update(run_at=timezone.now())
    jobs = list(queued)
    for job in jobs:
        run_now(job)
    return len(jobs)
