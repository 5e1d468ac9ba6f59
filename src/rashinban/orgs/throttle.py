"""Who is signing in from where, and how long a run of wrong passwords waits (django-axes settings).

Behind the documented reverse proxy every request comes from the proxy's address, so throttling by
REMOTE_ADDR locked every user out together (pen-test finding). The client's address is read from
X-Forwarded-For only when the request arrives from a proxy listed in RASHINBAN_TRUSTED_PROXIES, walking the
header from the right past trusted hops, so a client cannot name its own address.

A lock is per address and account pair, and its length grows: 1 minute after AXES_FAILURE_LIMIT failures,
doubling with each further failure up to an hour. An attacker is slowed to a handful of guesses an hour while
the owner, from their own address, is never locked by someone else's guessing.
"""

from __future__ import annotations

from datetime import timedelta
from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest

FIRST_COOLOFF = timedelta(minutes=1)
LONGEST_COOLOFF = timedelta(hours=1)


def _trusted(address: str) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in settings.TRUSTED_PROXY_NETWORKS)


def client_ip(request: HttpRequest) -> str:
    """The address of the client: REMOTE_ADDR, or the first untrusted hop of X-Forwarded-For from a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not _trusted(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            try:
                return str(ip_address(hop))
            except ValueError:
                return remote  # a malformed hop: the last trusted proxy is all we know
    return hops[0] if hops else remote


def cooloff(request: HttpRequest | None) -> timedelta:
    """How long the address+account pair waits: grows with the failures beyond the limit."""
    failures = getattr(request, "axes_failures_since_start", None) or 0
    beyond = max(0, int(failures) - settings.AXES_FAILURE_LIMIT)
    return min(FIRST_COOLOFF * (2 ** min(beyond, 12)), LONGEST_COOLOFF)
