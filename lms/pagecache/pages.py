"""Whole pages kept ready: a GET page is drawn once and served again to the same reader for
as long as nothing it read has changed.

``@cached_page`` goes on a view, below the decorators that decide who may ask (so they run
for every request). The first time a reader asks, the view runs while the engine notes every
table its statements read; the page is kept under the reader (what their session holds but
the CSRF token, every column of their own row, language, time zone, the address and query) with the
version of each of those tables, read before the view ran (``lms.pagecache.versions``).
Asked again, the page is served if every one of those versions is still the same and it is
younger than ``PAGE_CACHE_SECONDS``, the limit for what the clock alone changes ("due in
2 hours"). Any committed change to a table it read, through any process, makes it old: a
page is never served after a change to what it shows.

Only pages that are the same on every asking are kept: a 200 HTML answer, from a view that
changed no table, set no cookie, queued no job and left the session as it found it. A page
with a message to show (``flash``) is drawn afresh. The CSRF token is the one part that
differs per session: it is cut out when the page is kept and the reader's own put back.

Pages are kept in each process's memory (``PAGE_CACHE_MAX_MEGABYTES``, least recently used
go first); the versions are in the database, so every process and machine agrees on what is
current.
"""
from __future__ import annotations

import functools
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass

from flask import current_app, g, request, session
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import inspect as sa_inspect
from werkzeug import Response

from lms.extensions import db
from lms.pagecache.versions import UNVERSIONED, current_versions, start_reading, stop_reading

EXTENSION = "lms_page_cache"
HEADER = "X-Page-Cache"  # hit, miss (drawn and kept) or pass (drawn, not kept)
_CSRF_HOLE = b"\x00lms-page-cache-csrf\x00"
_NOT_KEPT_HEADERS = frozenset({"set-cookie", "content-length", HEADER.lower()})
_JOBS_PENDING = "lms_jobs_pending"  # lms.jobs.queue: jobs waiting for the session's commit


@dataclass(frozen=True)
class Page:
    body: bytes
    headers: tuple[tuple[str, str], ...]
    read: tuple[tuple[str, int], ...]  # (table, version) for every table the view read
    made_at: float
    has_csrf: bool

    def is_current(self, versions: dict[str, int], now: float, seconds: float) -> bool:
        return now - self.made_at < seconds and all(versions.get(name, 0) == version for name, version in self.read)

    def response(self) -> Response:
        body = self.body.replace(_CSRF_HOLE, generate_csrf().encode()) if self.has_csrf else self.body
        response = Response(body, status=200, headers=list(self.headers))
        response.headers[HEADER] = "hit"
        return response


class Pages:
    """The kept pages of this process: least recently used first out, within ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._pages: OrderedDict[tuple, Page] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: Page) -> None:
        if len(page.body) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self.bytes -= len(old.body)
            self._pages[key] = page
            self.bytes += len(page.body)
            while self.bytes > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self.bytes -= len(dropped.body)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self.bytes = 0

    def __len__(self) -> int:
        return len(self._pages)


class PageCache:
    def __init__(self, seconds: float, max_bytes: int) -> None:
        self.seconds = seconds
        self.pages = Pages(max_bytes)
        self.counts: Counter[str] = Counter()  # hit / miss / pass, for tests and benchmarks

    def serve(self, draw) -> Response:
        key = _reader_key()
        versions = current_versions(db.session.connection())  # before the view reads anything
        page = self.pages.get(key)
        if page is not None and page.is_current(versions, time.monotonic(), self.seconds):
            self.counts["hit"] += 1
            return page.response()
        made_at = time.monotonic()
        session_before = _session_without_csrf()
        reading, token = start_reading()
        try:
            response = current_app.make_response(draw())
        finally:
            stop_reading(token)
        outcome = "pass"
        if _keepable(response, reading, session_before):
            self.pages.put(key, _page_of(response, reading.tables, versions, made_at))
            outcome = "miss"
        self.counts[outcome] += 1
        response.headers[HEADER] = outcome
        return response


def cached_page(view):
    """Serve the view's page from the page cache while nothing it read has changed."""
    @functools.wraps(view)
    def serve(*args, **kwargs):
        cache = current_app.extensions.get(EXTENSION)
        if cache is None or request.method not in ("GET", "HEAD") or "_flashes" in session:
            return view(*args, **kwargs)
        return cache.serve(functools.partial(view, *args, **kwargs))
    return serve


def _reader_key() -> tuple:
    """Who is asking for what: the same key only for the same page drawn the same way."""
    user = current_user._get_current_object()
    reader = None
    if user.is_authenticated:
        loaded = sa_inspect(user).dict
        reader = repr([loaded.get(name) for name in _column_names(type(user))])
    return (request.host_url, request.path, request.query_string, str(get_locale()), str(get_timezone()),
            reader, repr(sorted(_session_without_csrf().items())))


@functools.cache
def _column_names(model) -> tuple[str, ...]:
    return tuple(attribute.key for attribute in sa_inspect(model).column_attrs)


# Flask-Login's bookkeeping, which it may set while a request runs: no page shows it.
_SIGN_IN_BOOKKEEPING = frozenset({"_fresh", "_id", "_remember", "_remember_seconds"})


def _session_without_csrf() -> dict:
    """What the session holds that a page may show: all but the CSRF token and the bookkeeping."""
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return {key: value for key, value in session.items() if key != name and key not in _SIGN_IN_BOOKKEEPING}


def _keepable(response: Response, reading, session_before: dict) -> bool:
    return (response.status_code == 200 and response.mimetype == "text/html" and not response.is_streamed
            and not reading.wrote and not reading.tables & UNVERSIONED and "Set-Cookie" not in response.headers
            and not db.session().info.get(_JOBS_PENDING)
            and _session_without_csrf() == session_before)


def _page_of(response: Response, tables: set[str], versions: dict[str, int], made_at: float) -> Page:
    body = response.get_data()
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    has_csrf = bool(token) and token.encode() in body
    if has_csrf:
        body = body.replace(token.encode(), _CSRF_HOLE)
    headers = tuple((name, value) for name, value in response.headers.items()
                    if name.lower() not in _NOT_KEPT_HEADERS)
    read = tuple(sorted((name, versions.get(name, 0)) for name in tables))
    return Page(body, headers, read, made_at, has_csrf)
