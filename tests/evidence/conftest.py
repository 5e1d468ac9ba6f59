import pytest
from django.utils import translation

from tests.evidence.dns_server import dns_server, silent_nameserver  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _english_messages():
    """Checkers called directly speak English here; pages and the CLI choose their own language."""
    with translation.override("en"):
        yield
