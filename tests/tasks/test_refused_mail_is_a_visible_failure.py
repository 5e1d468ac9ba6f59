"""A mail the server refuses, or a mail server that is down, ends as a failed job the owner sees and retries.

The SMTP peer is a real aiosmtpd server on the loopback interface.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from django.utils import translation

from rashinban.orgs import actions
from rashinban.orgs.choices import Role
from rashinban.tasks.models import Job, JobStatus
from rashinban.tasks.status import describe_failure
from tests.conftest import login
from tests.tasks.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


class MailServer:
    """Refuses every recipient until `refuse` is turned off; keeps what it accepted."""

    def __init__(self) -> None:
        self.refuse = True
        self.received: list[tuple[list[str], str]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        if self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        self.received.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server() -> Iterator[tuple[MailServer, int]]:
    handler, port = MailServer(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def smtp_env(port: int) -> dict[str, str]:
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
    }


def failed_invitation() -> Job:
    return wait_for(
        lambda: Job.objects.filter(name="mail.send", status=JobStatus.FAILED).first(), what="the mail job to fail"
    )


def test_refused_address_fails_at_once_and_the_owner_retries_it(backend, workers, mail_server, org_a, alice, client):
    server, port = mail_server
    actions.invite(org_a, "nobody@a.example", Role.MEMBER, alice, "ja")
    workers.start(**smtp_env(port))

    job = failed_invitation()
    assert job.organisation == org_a
    assert job.attempts == 1  # 550 is permanent: trying again cannot help
    assert job.last_error.startswith("SMTPRecipientsRefused:")
    assert "invite/" not in job.last_error  # the error never carries the mail, nor its link
    page = login(client, alice).get(f"/o/{org_a.id}/").content.decode()
    assert "nobody@a.example" in page
    with translation.override("ja"):
        assert describe_failure(job.name, job.last_error) in page

    server.refuse = False  # the address is fixed on the server's side
    response = client.post(f"/o/{org_a.id}/jobs/{job.pk}/retry/")
    assert response.status_code == 302

    wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.DONE, what="the retried mail", workers=workers)
    # The invitation arrives once. (The worker's weekly "this week" mail to alice may arrive beside it.)
    invitations = [content for to, content in server.received if to == ["nobody@a.example"]]
    assert len(invitations) == 1
    assert "/invite/" in invitations[0]
    assert 'id="task-failures"' not in client.get(f"/o/{org_a.id}/").content.decode()


def test_mail_server_down_is_retried_then_failed(backend, workers, org_a, alice, client):
    actions.invite(org_a, "dan@a.example", Role.MEMBER, alice, "en")
    workers.start(**smtp_env(free_port()))  # nothing listens there

    job = wait_for(
        lambda: Job.objects.filter(name="mail.send", status=JobStatus.FAILED).first(),
        timeout=60,
        what="the mail job to fail",
        workers=workers,
    )
    assert job.attempts == job.max_attempts == 5
    assert job.last_error.startswith("ConnectionRefusedError:")
    page = login(client, alice).get(f"/o/{org_a.id}/").content.decode()
    with translation.override("ja"):
        assert describe_failure(job.name, job.last_error) in page
