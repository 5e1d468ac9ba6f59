"""The client's address, the same way for every part of the product (sign-in throttling, drill hits, logs).

Behind a reverse proxy every request arrives from the proxy's address. X-Forwarded-For is read only when the
request comes from a proxy listed in RASHINBAN_TRUSTED_PROXIES (settings.TRUSTED_PROXY_NETWORKS), walking the
header from the right past trusted hops, so a client can never name its own address.
"""

from __future__ import annotations

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def _trusted(address: str) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in settings.TRUSTED_PROXY_NETWORKS)


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the first untrusted hop of X-Forwarded-For when the request comes from a trusted proxy."""
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
