"""Which addresses the server may call for a company (chat webhooks, outgoing webhooks), and the call itself.

A company types a URL; the server then makes requests from inside its own network. So (SSRF):
- only https, except plain http to a loopback address while NOTIFY_ALLOW_PRIVATE is on (development, tests);
- in production settings (NOTIFY_ALLOW_PRIVATE off) every address the host name resolves to must be public:
  loopback, private, link-local (cloud metadata at 169.254.169.254), shared, reserved and multicast are refused.
The check is made on the resolved addresses, just before each request, not only when the URL is saved.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.utils.translation import gettext as _


class Refused(ValueError):
    """The URL may not be called; the message says why, in the current language."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _loopback(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_loopback


def resolve(host: str, port: int) -> list[str]:
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)})
    except (socket.gaierror, UnicodeError):
        raise Refused(_("the host name %(host)s does not resolve") % {"host": host}) from None


def check_url(url: str, *, allow_private: bool | None = None) -> list[str]:
    """Raise Refused unless `url` may be called now (scheme, and every resolved address); the addresses."""
    allow = settings.NOTIFY_ALLOW_PRIVATE if allow_private is None else allow_private
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise Refused(_("the address must start with https://"))
    if parts.username or parts.password:
        raise Refused(_("the address must not contain a user name or password"))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused(_("the port of the address is not a number")) from None
    addresses = resolve(parts.hostname, port)
    if parts.scheme == "http" and not (allow and all(_loopback(a) for a in addresses)):
        raise Refused(_("the address must start with https:// (plain http only to this machine, in development)"))
    if not allow and not all(_public(a) for a in addresses):
        raise Refused(_("the address points into a private network or to this server, which is not allowed"))
    return addresses


def post(
    url: str, *, json_body: object = None, content: bytes | None = None, data: dict | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:  # fmt: skip
    """One POST after `check_url`, to the very address that was checked (a second DNS answer cannot swap in a
    private one: the connection goes to the checked IP, with the name kept for Host, SNI and the certificate).
    No redirects are followed (a redirect could lead anywhere)."""
    address = check_url(url)[0]
    parts = urlsplit(url)
    host = f"[{address}]" if ":" in address else address
    pinned = parts._replace(netloc=f"{host}:{parts.port}" if parts.port else host).geturl()
    extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    with httpx.Client(timeout=settings.NOTIFY_TIMEOUT_SECONDS, follow_redirects=False, trust_env=False) as client:
        request = client.build_request(
            "POST", pinned, json=json_body, content=content, data=data,
            headers={**(headers or {}), "Host": parts.netloc}, extensions=extensions,
        )  # fmt: skip
        response = client.send(request)
        body = response.content[:65536]
        return Answer(response.status_code, body)
