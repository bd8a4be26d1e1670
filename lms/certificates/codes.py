"""Verification codes: 160 random bits in Crockford base32, shown in groups of four.

A code is typed by people reading it off paper, so input is forgiving: case does not
matter, dashes and spaces are ignored, and the letters people confuse with digits
(I and L for 1, O for 0) are read as those digits. Codes are looked up by the SHA-256
of their normalised form, never by prefix, so a near miss looks like any unknown code.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_BITS = 160
CODE_LENGTH = CODE_BITS // 5  # 32 characters
GROUP = 4

_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})
_IGNORED = str.maketrans("", "", "- \t\n\r")


def new_code() -> str:
    """A fresh random code in canonical form (32 characters, no dashes)."""
    number = secrets.randbits(CODE_BITS)
    chars = []
    for _ in range(CODE_LENGTH):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def normalise_code(text: str) -> str | None:
    """The canonical form of a typed code, or None when it cannot be a code at all."""
    code = (text or "").upper().translate(_IGNORED).translate(_CONFUSABLE)
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def format_code(code: str) -> str:
    """``7K3M-9QXD-...``: the canonical code in dash-separated groups of four."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def hash_code(code: str) -> str:
    """The lookup key stored beside a certificate: SHA-256 hex of the canonical code."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def codes_match(stored: str, given: str) -> bool:
    """Compare in constant time, after a lookup by hash found a candidate."""
    return hmac.compare_digest(stored.encode("ascii"), given.encode("ascii"))
