"""Who is signing in from where, and how long a run of wrong passwords waits (django-axes settings).

Behind the documented reverse proxy every request comes from the proxy's address, so throttling by
REMOTE_ADDR locked every user out together (pen-test finding). The client's address is read from
X-Forwarded-For only behind a proxy listed in RASHINBAN_TRUSTED_PROXIES (rashinban/clientip.py, shared with
the drill hits), so a client cannot name its own address.

A lock is per address and account pair, and its length grows: 1 minute after AXES_FAILURE_LIMIT failures,
doubling with each further failure up to an hour. An attacker is slowed to a handful of guesses an hour while
the owner, from their own address, is never locked by someone else's guessing.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest

from rashinban.clientip import client_ip

__all__ = ["client_ip", "cooloff"]

FIRST_COOLOFF = timedelta(minutes=1)
LONGEST_COOLOFF = timedelta(hours=1)


def cooloff(request: HttpRequest | None) -> timedelta:
    """How long the address+account pair waits: grows with the failures beyond the limit."""
    failures = getattr(request, "axes_failures_since_start", None) or 0
    beyond = max(0, int(failures) - settings.AXES_FAILURE_LIMIT)
    return min(FIRST_COOLOFF * (2 ** min(beyond, 12)), LONGEST_COOLOFF)
