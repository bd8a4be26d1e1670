"""Revocation published as a W3C Bitstring Status List (v1.0), pure.

Every certificate holds a status list index, assigned once when it is created
(``Certificate.status_list_index``). Index ``i`` is bit ``i % LIST_SIZE`` of list number
``i // LIST_SIZE + 1``, served as a signed VC-JWT at ``/credentials/status/<number>``;
the bit is 1 when the certificate is revoked. Bits count from the left: index 0 is the
most significant bit of the first byte. The list is GZIP-compressed and written as
multibase base64url without padding (a leading ``u``), as the specification asks. The
list's credential is built by ``badges.status_list_credential``.
"""
from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable

# 131,072 bits (16 KiB): the specification's minimum, so one list hides each holder among many.
LIST_SIZE = 131_072
PURPOSE = "revocation"


def list_url(base_url: str, number: int) -> str:
    return f"{base_url.rstrip('/')}/credentials/status/{number}"


def locate(index: int) -> tuple[int, int]:
    """``(list number, bit position)`` of a status list index."""
    return index // LIST_SIZE + 1, index % LIST_SIZE


def encode(positions: Iterable[int], size: int = LIST_SIZE) -> str:
    """The ``encodedList`` of a bitstring of ``size`` bits with ``positions`` set."""
    bits = bytearray(size // 8)
    for position in positions:
        bits[position // 8] |= 0x80 >> (position % 8)
    # mtime=0: the same bits always give the same text.
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    """The bitstring of an ``encodedList`` (what a verifier does)."""
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (a leading 'u')")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def is_set(bitstring: bytes, position: int) -> bool:
    return bool(bitstring[position // 8] & (0x80 >> (position % 8)))


def status_entry(base_url: str, index: int) -> dict:
    """The ``credentialStatus`` of the credential holding ``index``."""
    number, position = locate(index)
    url = list_url(base_url, number)
    return {"id": f"{url}#{position}", "type": "BitstringStatusListEntry", "statusPurpose": PURPOSE,
            "statusListIndex": str(position), "statusListCredential": url}
