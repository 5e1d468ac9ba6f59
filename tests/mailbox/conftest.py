from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.drills.conftest import smtp  # noqa: F401 - the drill tests' local SMTP server
from tests.mailbox import dovecot


@pytest.fixture
def imap_server(settings) -> Iterator[dovecot.Dovecot]:
    """A real Dovecot on loopback with TLS; skipped only outside CI when Dovecot is not installed."""
    if not dovecot.available():
        if os.environ.get("CI") == "true":
            pytest.fail("dovecot is not installed (apt-get install dovecot-imapd)")
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    directory = Path(tempfile.mkdtemp(prefix="rdv"))  # short: Dovecot's sockets live under it
    server = dovecot.start(directory)
    settings.MAILBOX_CA_FILE = str(server.cert)
    yield server
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)
