"""The Redis connection requests use: short timeouts behind a circuit breaker.

A Redis that refuses connections fails fast by itself; one that hangs (a full network
queue, a paused VM, a half-open connection) makes every command wait for its socket
timeout. Requests therefore talk to Redis with short timeouts (``REDIS_CONNECT_TIMEOUT``,
``REDIS_SOCKET_TIMEOUT``), and after ``REDIS_BREAKER_THRESHOLD`` failures in a row the
breaker opens: for ``REDIS_BREAKER_COOLDOWN_SECONDS`` every call fails at once with
``BreakerOpen`` (callers fall back to the database or to running the job in-process),
then one trial call decides whether it closes again. Pages and sign-in stay fast while
Redis is sick. The RQ worker keeps its own connection with long timeouts.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable, TypeVar

from flask import Flask

log = logging.getLogger(__name__)

T = TypeVar("T")


class BreakerOpen(Exception):
    """Redis failed recently; the call was not attempted."""


class CircuitBreaker:
    """Closed, then open after ``threshold`` consecutive failures, half-open after ``cooldown``."""

    def __init__(self, threshold: int = 3, cooldown: float = 30.0, *, clock: Callable[[], float] = time.monotonic):
        self.threshold = threshold
        self.cooldown = cooldown
        self.clock = clock
        self.consecutive_failures = 0
        self.opened_at: float | None = None
        self.times_opened = 0      # how often it opened, for logs and tests
        self.calls_refused = 0     # calls answered with BreakerOpen without touching Redis
        self._lock = threading.Lock()
        self._trial_running = False

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    def call(self, func: Callable[..., T], *args, **kwargs) -> T:
        """Run ``func`` unless the breaker is open; count its Redis errors."""
        from redis.exceptions import RedisError

        self._enter()
        try:
            result = func(*args, **kwargs)
        except RedisError:
            self._failed()
            raise
        except BaseException:
            self._finish_trial()
            raise
        self._succeeded()
        return result

    def _enter(self) -> None:
        with self._lock:
            if self.opened_at is None:
                return
            if self.clock() - self.opened_at >= self.cooldown and not self._trial_running:
                self._trial_running = True  # half-open: this one call tries Redis again
                return
            self.calls_refused += 1
        raise BreakerOpen("Redis failed recently; not trying it again yet")

    def _failed(self) -> None:
        with self._lock:
            self._trial_running = False
            self.consecutive_failures += 1
            if self.opened_at is not None or self.consecutive_failures >= self.threshold:
                if self.opened_at is None:
                    self.times_opened += 1
                    log.warning("Redis failed %d times in a row: not using it for %ss",
                                self.consecutive_failures, self.cooldown)
                self.opened_at = self.clock()

    def _succeeded(self) -> None:
        with self._lock:
            if self.opened_at is not None:
                log.info("Redis answers again")
            self._trial_running = False
            self.consecutive_failures = 0
            self.opened_at = None

    def _finish_trial(self) -> None:
        with self._lock:
            self._trial_running = False


def client(app: Flask):
    """The app's Redis client for requests (short timeouts), created on first use."""
    connection = app.extensions.get("lms_redis_requests")
    if connection is None:
        # redis loads in a tenth of a second: only processes that use it pay for it.
        from redis import Redis

        connection = Redis.from_url(app.config["REDIS_URL"],
                                    socket_connect_timeout=app.config["REDIS_CONNECT_TIMEOUT"],
                                    socket_timeout=app.config["REDIS_SOCKET_TIMEOUT"])
        app.extensions["lms_redis_requests"] = connection
    return connection


def breaker(app: Flask) -> CircuitBreaker:
    """The app's one breaker: when Redis is sick for rate limits it is sick for jobs too."""
    found = app.extensions.get("lms_redis_breaker")
    if found is None:
        found = CircuitBreaker(app.config["REDIS_BREAKER_THRESHOLD"], app.config["REDIS_BREAKER_COOLDOWN_SECONDS"])
        app.extensions["lms_redis_breaker"] = found
    return found
