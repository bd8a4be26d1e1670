"""HTTP security headers applied to every response, and refusing input no page can use."""
from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, Response, abort, request
from flask_babel import lazy_gettext
from werkzeug.routing import IntegerConverter

from lms.errors import problem_response

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    # Only images the product serves: one on another server would tell it who read the page
    # (lms.rendering.sanitise turns such images in Markdown into links).
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
NUL_MESSAGE = ("“{name}” contains a NUL character (\\0), which no text here may contain. "
               "Remove it and try again.")  # the API's (English) problem detail
# The largest id a database integer column holds (PostgreSQL's INTEGER).
LARGEST_ID = 2**31 - 1
NOT_UTF8_MESSAGE = lazy_gettext("The address is not valid UTF-8 text. Check the link and try again.")


def _nul_message(name):
    """The message about a NUL character in ``name``: the reader's language on a page, English
    for the API (lazy, read where it is shown; see ``lms.errors.render_error``)."""
    return lazy_gettext("“%(name)s” contains a NUL character (\\0), which no text here may contain. "
                   "Remove it and try again.", name=name)


class IdConverter(IntegerConverter):
    """``<int:...>`` in a route: a number larger than any id matches no route (404) instead
    of reaching the database, which refuses it (a 500)."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def _set_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if response.mimetype == "text/html":
        # Pages can show personal data: never keep them in shared caches.
        headers.setdefault("Cache-Control", "no-store")
    return response


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _address_is_utf8(environ) -> bool:
    """WSGI passes the address's bytes as latin-1 text: PATH_INFO unquoted, the others quoted.
    The raw URI is what the client sent (test clients and some servers decode PATH_INFO)."""
    def raw(name: str) -> bytes:
        return environ.get(name, "").encode("latin-1", "replace")

    return (_is_utf8(raw("PATH_INFO")) and _is_utf8(unquote_to_bytes(raw("QUERY_STRING")))
            and _is_utf8(unquote_to_bytes(raw("RAW_URI") or raw("REQUEST_URI"))))


def _refuse_malformed_input() -> None:
    """400 for a NUL character in the path, a query or form field, or an uploaded file's name,
    and for a path or query string that is not UTF-8.

    PostgreSQL refuses NUL in text, so such a value reaching any query or insert would be a
    500; no page has a use for one. Werkzeug decodes invalid UTF-8 to U+FFFD, which is
    harmless, but a link that is not UTF-8 is broken and saying so is clearer. (Form and
    JSON bodies are parsed before this runs, so only their NUL characters are checked.)
    """
    if not _address_is_utf8(request.environ):
        abort(400, description=NOT_UTF8_MESSAGE)
    if "\0" in request.path:
        abort(400, description=_nul_message(lazy_gettext("The address")))
    for fields in (request.args, request.form):
        for name, value in fields.items(multi=True):
            if "\0" in name or "\0" in value:
                abort(400, description=_nul_message(name.replace("\0", "")[:40] or lazy_gettext("A field")))
    for name, upload in request.files.items(multi=True):
        if "\0" in name or "\0" in (upload.filename or ""):
            abort(400, description=_nul_message(lazy_gettext("The name of an uploaded file")))
    if request.is_json:  # the API's bodies: any string, key or value, at any depth
        name = _nul_in(request.get_json(silent=True))
        if name is not None:
            message = NUL_MESSAGE.format(name=name[:40] or "A field")
            abort(problem_response(422, message, code="invalid-fields", errors={name[:40] or "_": [message]}))


def _nul_in(value, name: str = "") -> str | None:
    """The name of the first field of a JSON document holding a NUL character, or None."""
    if isinstance(value, str):
        return name if "\0" in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, inner in items:
        key = str(key)
        if "\0" in key:
            return key.replace("\0", "")
        found = _nul_in(inner, f"{name}.{key}" if name else key)
        if found is not None:
            return found
    return None


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter  # before the features add their routes
    app.before_request(_refuse_malformed_input)
    app.after_request(_set_headers)
