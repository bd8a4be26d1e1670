"""Rate limits counted in windows shared by every process and machine.

A window opens with the first hit on a key and lasts ``window_seconds``; when it ends
the count starts again from zero (the semantics of Redis ``INCR`` + ``EXPIRE``).
Counts live in the database by default (table ``rate_limit_counter``, one atomic
upsert per hit, safe under concurrency on SQLite and PostgreSQL) or in Redis when
``REDIS_URL`` is set.

Use ``limit(key, n, window)`` to count a request and refuse it beyond ``n``. When only
some outcomes should count (failed sign-ins), count first all the same (``attempt``)
and give the attempt back afterwards (``undo``) when it turns out not to count:
comparing a count read before the attempt lets racing requests all pass.
Callers choose keys such as ``"login:address:10.0.0.1"``.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from flask import Flask, current_app
from flask_babel import lazy_gettext
from sqlalchemy import Integer, String, bindparam, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.exceptions import TooManyRequests

from lms import database, redis_client
from lms.database import UTCDateTime
from lms.extensions import db
from lms.jobs import register_periodic

log = logging.getLogger(__name__)

DEFAULT_MESSAGE = lazy_gettext("Too many attempts. Please wait a minute and try again.")
MAX_WINDOW_SECONDS = 24 * 3600
_MAX_KEY_LENGTH = 200


class RateLimitCounter(db.Model):
    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(_MAX_KEY_LENGTH), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    count: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class Usage:
    count: int        # hits in the current window (0 when no window is open)
    retry_after: int  # seconds until the current window ends


class Backend(Protocol):
    def hit(self, key: str, window_seconds: int) -> Usage: ...
    def undo(self, key: str) -> None: ...
    def peek(self, key: str, window_seconds: int) -> Usage: ...
    def reset(self, key: str) -> None: ...


def _seconds_left(window_start: datetime, window_seconds: int, now: datetime) -> int:
    remaining = (window_start + timedelta(seconds=window_seconds) - now).total_seconds()
    return max(1, math.ceil(remaining))


class DatabaseBackend:
    """Counters in the application database, each change one statement committed by itself.

    The write commits at once, whatever the request does afterwards, so a request that
    is refused or fails still counts. Each is a single atomic statement, so it runs on a
    connection in autocommit mode: one round trip, not begin, statement and commit. (On
    SQLite, call it before the request writes: SQLite has one writer at a time.)
    """

    _table = RateLimitCounter.__table__

    def hit(self, key: str, window_seconds: int) -> Usage:
        now = database.utcnow()
        with _autocommit() as connection:
            count, window_start = connection.execute(_counting_statement(connection.dialect.name), {
                "key": _storage_key(key), "now": now, "cutoff": now - timedelta(seconds=window_seconds)}).one()
        return Usage(count, _seconds_left(window_start, window_seconds, now))

    def undo(self, key: str) -> None:
        table = self._table
        with _autocommit() as connection:
            connection.execute(table.update().where(table.c.key == _storage_key(key), table.c.count > 0)
                               .values(count=table.c.count - 1))

    def peek(self, key: str, window_seconds: int) -> Usage:
        now = database.utcnow()
        with _autocommit() as connection:
            row = connection.execute(select(self._table.c.count, self._table.c.window_start)
                                     .where(self._table.c.key == _storage_key(key))).first()
        if row is None or row.window_start <= now - timedelta(seconds=window_seconds):
            return Usage(0, 0)
        return Usage(row.count, _seconds_left(row.window_start, window_seconds, now))

    def reset(self, key: str) -> None:
        with _autocommit() as connection:
            connection.execute(delete(self._table).where(self._table.c.key == _storage_key(key)))



def purge_expired_counters() -> None:
    """Periodic task: delete database counters whose longest possible window has ended."""
    cutoff = database.utcnow() - timedelta(seconds=MAX_WINDOW_SECONDS)
    db.session.execute(delete(RateLimitCounter).where(RateLimitCounter.window_start < cutoff))


def _autocommit():
    """A connection whose every statement commits by itself."""
    return db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")


@functools.cache
def _counting_statement(dialect_name: str):
    """Count one attempt at ``key`` (``now``; a window that started at or before ``cutoff`` has
    ended and starts again): built once per database kind, only the values bound per request."""
    table = RateLimitCounter.__table__
    moment = table.c.window_start.type
    expired = table.c.window_start <= bindparam("cutoff", type_=moment)
    insert = _dialect_insert(dialect_name)(table).values(
        key=bindparam("key"), window_start=bindparam("now", type_=moment), count=1)
    return insert.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            # Both expressions see the row as it was, so they agree on ``expired``.
            "count": case((expired, 1), else_=table.c.count + 1),
            "window_start": case((expired, insert.excluded.window_start), else_=table.c.window_start),
        },
    ).returning(table.c.count, table.c.window_start)


def _dialect_insert(name: str):
    if name == "postgresql":
        return postgresql.insert
    if name == "sqlite":
        return sqlite.insert
    raise RuntimeError(f"rate limits need PostgreSQL or SQLite (or REDIS_URL), not {name}")


def _storage_key(key: str) -> str:
    """Keys may hold what people typed; very long ones are stored as a digest."""
    if len(key) <= _MAX_KEY_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


class RedisBackend:
    """Counters in Redis: ``SET NX EX`` opens the window, ``INCR`` counts, in one MULTI."""

    def __init__(self, client, prefix: str) -> None:
        self.client = client
        self.prefix = prefix

    def hit(self, key: str, window_seconds: int) -> Usage:
        name = self.prefix + key
        with self.client.pipeline(transaction=True) as pipe:
            pipe.set(name, 0, ex=window_seconds, nx=True)
            pipe.incr(name)
            pipe.ttl(name)
            _, count, ttl = pipe.execute()
        return Usage(int(count), ttl if ttl > 0 else window_seconds)

    # Never below zero, and never creates a key (a bare DECR would, without an expiry).
    _UNDO = "if (tonumber(redis.call('get', KEYS[1]) or '0') > 0) then return redis.call('decr', KEYS[1]) end return 0"

    def undo(self, key: str) -> None:
        self.client.eval(self._UNDO, 1, self.prefix + key)

    def peek(self, key: str, window_seconds: int) -> Usage:
        name = self.prefix + key
        with self.client.pipeline(transaction=True) as pipe:
            pipe.get(name)
            pipe.ttl(name)
            value, ttl = pipe.execute()
        if value is None:
            return Usage(0, 0)
        return Usage(int(value), ttl if ttl > 0 else window_seconds)

    def reset(self, key: str) -> None:
        self.client.delete(self.prefix + key)


class RedisWithFallback:
    """Redis while it answers; the database while it does not, so sign-in never fails.

    Calls go through the app's circuit breaker (``lms.redis_client``): while Redis hangs
    or refuses, a few calls wait for the short timeouts, then the breaker opens and
    counts go straight to the database until Redis answers a trial call again.
    Counts made during an outage live in the database and are not merged back: a limit
    may briefly allow up to twice its attempts across the switch, never unlimited.
    """

    def __init__(self, redis_backend: RedisBackend, fallback: DatabaseBackend,
                 breaker: redis_client.CircuitBreaker | None = None) -> None:
        self.redis_backend = redis_backend
        self.fallback = fallback
        self.breaker = breaker or redis_client.CircuitBreaker()

    def _call(self, method: str, *args):
        from redis.exceptions import RedisError

        try:
            return self.breaker.call(getattr(self.redis_backend, method), *args)
        except redis_client.BreakerOpen:
            return getattr(self.fallback, method)(*args)
        except RedisError as error:
            log.warning("Redis unavailable for rate limits (%s); counting in the database", error)
            return getattr(self.fallback, method)(*args)

    def hit(self, key: str, window_seconds: int) -> Usage:
        return self._call("hit", key, window_seconds)

    def undo(self, key: str) -> None:
        self._call("undo", key)

    def peek(self, key: str, window_seconds: int) -> Usage:
        return self._call("peek", key, window_seconds)

    def reset(self, key: str) -> None:
        self._call("reset", key)


def backend() -> Backend:
    return current_app.extensions["lms_ratelimit"]


def hit(key: str, window_seconds: int) -> int:
    """Count one attempt; return the attempts in the current window, this one included."""
    return backend().hit(key, _checked_window(window_seconds)).count


def count(key: str, window_seconds: int) -> int:
    """The attempts counted in the current window, without counting one."""
    return backend().peek(key, _checked_window(window_seconds)).count


def reset(key: str) -> None:
    backend().reset(key)


def limit(key: str, limit: int, window_seconds: int, message: str = DEFAULT_MESSAGE) -> None:
    """Count this request; beyond ``limit`` in the window, raise HTTP 429 with Retry-After.

    ``message`` is shown to the person: a ``lazy_gettext`` string (read in their language)."""
    usage = backend().hit(key, _checked_window(window_seconds))
    if usage.count > limit:
        raise TooManyRequests(description=message, retry_after=usage.retry_after)


def attempt(key: str, window_seconds: int) -> Usage:
    """Count one attempt and return the usage it saw, this attempt included.

    The increment is atomic, so racing attempts each see their own count: compare it
    with the limit (``usage.count > limit`` refuses) and exactly ``limit`` pass.
    """
    return backend().hit(key, _checked_window(window_seconds))


def undo(key: str) -> None:
    """Take back one attempt counted by ``attempt`` (it was refused or did not count)."""
    backend().undo(key)


def _checked_window(window_seconds: int) -> int:
    if not 0 < window_seconds <= MAX_WINDOW_SECONDS:
        raise ValueError(f"a rate-limit window lasts 1 to {MAX_WINDOW_SECONDS} seconds, not {window_seconds}")
    return int(window_seconds)


def init_app(app: Flask) -> None:
    """Count in Redis when ``REDIS_URL`` is set, otherwise in the database."""
    # Database counters (also written while Redis is down) are cleaned up hourly.
    register_periodic(app, "ratelimit.purge_expired_counters", purge_expired_counters, timedelta(hours=1))
    if app.config.get("REDIS_URL"):
        app.extensions["lms_ratelimit"] = RedisWithFallback(
            RedisBackend(redis_client.client(app), app.config["RATELIMIT_KEY_PREFIX"]), DatabaseBackend(),
            redis_client.breaker(app))
    else:
        app.extensions["lms_ratelimit"] = DatabaseBackend()
