"""Files sent to the browser as downloads: one response builder for every feature.

Submitted files, certificate PDFs and badges, the certificates ZIP and CSV exports all
leave through ``attachment_response``, so each is named the same way and carries the
same guards. The file name is given twice in ``Content-Disposition``: an ASCII
fallback and the exact name per RFC 5987/6266 (``filename*=UTF-8''...``).
"""
from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from flask import Response, request

SANDBOX = "sandbox"


def _ascii_fallback(filename: str) -> str:
    # Quotes, backslashes and semicolons would end the quoted value early.
    return "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename)


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """``attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded>``."""
    return f"{disposition}; filename=\"{_ascii_fallback(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment_response(body: bytes | str | Iterable[bytes], filename: str, media_type: str, *,
                        policy: str | None = None, cache_control: str = "private, no-store",
                        etag: str | None = None) -> Response:
    """A response the browser saves as ``filename`` and never renders or sniffs.

    ``media_type`` is the full ``Content-Type`` value. ``policy`` replaces the site's
    Content-Security-Policy for this response (``SANDBOX`` for files people uploaded:
    should a browser open one anyway, it runs in an opaque origin). With ``etag`` the
    response answers a matching ``If-None-Match`` with 304.
    """
    response = Response(body, content_type=media_type)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = cache_control
    if policy is not None:
        response.headers["Content-Security-Policy"] = policy
    if etag is not None:
        response.set_etag(etag)
        response = response.make_conditional(request)
    return response
