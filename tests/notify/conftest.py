from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

from tests.drills.conftest import Inbox
from tests.notify.receivers import Receiver
from tests.tasks.test_refused_mail_is_a_visible_failure import free_port


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.NOTIFY_ALLOW_PRIVATE = True  # development settings: local receivers over plain http
    settings.BASE_URL = "https://rashinban.example"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def mailserver(settings) -> Iterator[Inbox]:
    """A real SMTP server (aiosmtpd) on loopback; the product's mail goes to it."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()
