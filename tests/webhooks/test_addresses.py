"""No webhooks into the internal network: every resolved address must be public (SSRF)."""
from __future__ import annotations

import socket

import pytest

from lms.webhooks.addresses import UnsafeUrl, is_public, resolve

REFUSED = [
    "https://127.0.0.1/hook",
    "https://localhost/hook",
    "https://[::1]/hook",
    "https://10.1.2.3/hook",
    "https://172.16.0.1/hook",
    "https://192.168.1.20/hook",
    "https://169.254.169.254/latest/meta-data/",    # cloud metadata
    "https://0.0.0.0/hook",
    "https://[::]/hook",
    "https://[::ffff:127.0.0.1]/hook",              # IPv4-mapped IPv6
    "https://[::ffff:10.0.0.1]/hook",
    "https://[64:ff9b::7f00:1]/hook",               # NAT64 of 127.0.0.1
    "https://[2002:7f00:1::]/hook",                 # 6to4 of 127.0.0.1
    "https://[fe80::1]/hook",                       # link-local
    "https://[fc00::1]/hook",                       # unique local
    "https://2130706433/hook",                      # 127.0.0.1 as one decimal number
    "https://0x7f.1/hook",                          # hexadecimal, short form
    "https://017700000001/hook",                    # octal
    "https://127.1/hook",
    "https://224.0.0.251/hook",                     # multicast
    "https://[ff02::1]/hook",
    "https://100.64.0.1/hook",                      # shared (carrier-grade NAT)
    "https://192.0.2.10/hook",                      # reserved for documentation
    "https://240.0.0.1/hook",                       # reserved
    "http://0x7f.1/hook",
    "http://93.184.216.34/hook",                    # plain http: only with the private-address setting
    "ftp://93.184.216.34/hook",
    "file:///etc/passwd",
    "https://user:secret@93.184.216.34/hook",
    "https:///no-host",
    "https://93.184.216.34:99999/hook",
    "https://no-such-host.invalid/hook",
    "javascript:alert(1)",
    "https://93.184.216.34/a b",
    "https://93.184.216.34/a\r\nX-Injected: 1",
]


@pytest.mark.parametrize("url", REFUSED)
def test_urls_into_private_reserved_or_odd_places_are_refused(url):
    with pytest.raises(UnsafeUrl):
        resolve(url)


@pytest.mark.parametrize("url, addresses", [
    ("https://93.184.216.34/hook?x=1", ("93.184.216.34",)),
    ("https://[2606:4700:4700::1111]/hook", ("2606:4700:4700::1111",)),
    ("https://[::ffff:93.184.216.34]/hook", ("::ffff:93.184.216.34",)),
])
def test_public_addresses_are_allowed_and_kept_for_the_connection(url, addresses):
    target = resolve(url)
    assert target.addresses == addresses and target.scheme == "https" and target.port == 443
    assert target.path.startswith("/hook")


def test_one_private_address_among_public_ones_refuses_the_name(monkeypatch):
    """A name answering with both (or a rebinding DNS server) never reaches the private one."""
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443)),
        (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", 443, 0, 0))])
    with pytest.raises(UnsafeUrl, match=r"private or reserved network \(::1\)"):
        resolve("https://hooks.example.test/lms")


def test_the_private_address_setting_allows_loopback_and_plain_http():
    target = resolve("http://127.0.0.1:8080/in", allow_private=True)
    assert (target.scheme, target.host, target.port, target.addresses) == ("http", "127.0.0.1", 8080, ("127.0.0.1",))
    with pytest.raises(UnsafeUrl):
        resolve("ftp://127.0.0.1/in", allow_private=True)


def test_ipv6_forms_that_carry_an_ipv4_address_are_judged_by_it():
    assert is_public("::ffff:93.184.216.34") and not is_public("::ffff:192.168.0.1")
    assert not is_public("2001:0:4136:e378:8000:63bf:3fff:fdd2")  # Teredo's client is 192.0.2.45
