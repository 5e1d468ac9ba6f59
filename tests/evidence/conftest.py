from tests.evidence.dns_server import dns_server, silent_nameserver  # noqa: F401  (fixtures)
