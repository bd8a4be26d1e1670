"""Where a webhook may go: no requests into the internal network (SSRF).

A URL is checked when it is registered and again before every attempt: its host is
resolved with ``getaddrinfo`` and EVERY address must be public (not private, loopback,
link-local, multicast, reserved, shared or unspecified; IPv4-mapped IPv6 addresses are
judged by their IPv4 address). The request then connects to an address checked here,
never resolving the name again, so a DNS answer that changes in between (rebinding)
cannot send it elsewhere. ``getaddrinfo`` reads numeric tricks (``2130706433``,
``0x7f.1``, ``017700000001``) as the address they stand for, so they are judged as such.

``allow_private`` (the ``WEBHOOKS_ALLOW_PRIVATE_ADDRESSES`` setting, for tests and labs)
lifts the address rule and allows plain ``http``.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import gettext


class UnsafeUrl(ValueError):
    """The URL may not receive webhooks; the message says why, for the admin."""


@dataclass(frozen=True)
class Target:
    scheme: str                 # "https" (or "http" when private addresses are allowed)
    host: str                   # as written: sent as Host and used for TLS
    port: int
    path: str                   # with its query
    addresses: tuple[str, ...]  # the checked addresses to connect to, in resolver order


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public(address: str) -> bool:
    """True for a public unicast address; IPv6 forms that carry an IPv4 address (mapped,
    NAT64, 6to4, Teredo) must carry a public one too."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None,
                    ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None]
        if any(inner is not None and not is_public(str(inner)) for inner in embedded):
            return False
        if ip.ipv4_mapped is not None:
            return True
    return ip.is_global and not ip.is_multicast


def parse(url: str, *, allow_private: bool = False) -> tuple[str, str, int, str]:
    """Scheme, host, port and path of a URL webhooks may use (the address is not checked)."""
    url = url.strip()
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in url):
        raise UnsafeUrl(gettext("The URL may not contain spaces or control characters."))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeUrl(gettext("That is not a valid URL.")) from None
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes:
        raise UnsafeUrl(gettext("The URL must start with https://."))
    if not parts.hostname:
        raise UnsafeUrl(gettext("The URL needs a host name."))
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl(gettext("Leave user names and passwords out of the URL."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def resolve(url: str, *, allow_private: bool = False) -> Target:
    """The checked target of ``url``; raises ``UnsafeUrl`` with the reason."""
    scheme, host, port, path = parse(url, allow_private=allow_private)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise UnsafeUrl(gettext("The host %(host)s could not be found.", host=host)) from None
    addresses = tuple(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise UnsafeUrl(gettext("The host %(host)s could not be found.", host=host))
    if not allow_private:
        refused = [address for address in addresses if not is_public(address)]
        if refused:
            raise UnsafeUrl(gettext("The host %(host)s is in a private or reserved network (%(address)s); "
                                    "webhooks only go to public addresses.", host=host, address=refused[0]))
    return Target(scheme, host, port, path, addresses)
