"""Rate-limit counters: database and Redis backends behave alike, and count exactly under concurrency."""
from __future__ import annotations

import os
import threading
import uuid

import pytest
from sqlalchemy import select
from werkzeug.exceptions import TooManyRequests

from lms import ratelimit
from lms.extensions import db
from lms.ratelimit import DatabaseBackend, RateLimitCounter, RedisBackend

REDIS_URL = os.environ.get("LMS_TEST_REDIS_URL")


@pytest.fixture
def redis_backend():
    if not REDIS_URL:
        pytest.skip("set LMS_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15) to test the Redis backend")
    from redis import Redis

    client = Redis.from_url(REDIS_URL)
    prefix = f"lms-test-{uuid.uuid4().hex}:"
    yield RedisBackend(client, prefix)
    for key in client.scan_iter(match=prefix + "*"):
        client.delete(key)
    client.close()


@pytest.fixture(params=["database", "redis"])
def backend(request, app):
    chosen = DatabaseBackend() if request.param == "database" else request.getfixturevalue("redis_backend")
    app.extensions["lms_ratelimit"] = chosen
    return chosen


def test_hits_are_counted_per_key(backend):
    assert [ratelimit.hit("a", 60) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.hit("b", 60) == 1
    assert ratelimit.count("a", 60) == 3


def test_count_does_not_count(backend):
    ratelimit.hit("a", 60)
    assert ratelimit.count("a", 60) == ratelimit.count("a", 60) == 1
    assert ratelimit.count("never-hit", 60) == 0


def test_reset_starts_from_zero(backend):
    ratelimit.hit("a", 60)
    ratelimit.reset("a")
    assert ratelimit.count("a", 60) == 0
    assert ratelimit.hit("a", 60) == 1


def test_limit_refuses_beyond_the_limit_with_retry_after(backend):
    for _ in range(3):
        ratelimit.limit("page", 3, 60)
    with pytest.raises(TooManyRequests) as refused:
        ratelimit.limit("page", 3, 60, "Slow down, please.")
    assert refused.value.description == "Slow down, please."
    assert 0 < refused.value.retry_after <= 60
    assert refused.value.get_response().headers["Retry-After"].isdigit()


def test_an_attempt_is_counted_first_and_can_be_given_back(backend):
    assert ratelimit.attempt("login", 60).count == 1
    assert ratelimit.attempt("login", 60).count == 2
    ratelimit.undo("login")
    assert ratelimit.count("login", 60) == 1
    ratelimit.undo("login")
    ratelimit.undo("login")
    assert ratelimit.count("login", 60) == 0, "never below zero"
    ratelimit.undo("never-hit")
    assert ratelimit.count("never-hit", 60) == 0


def test_window_length_is_validated(backend):
    with pytest.raises(ValueError):
        ratelimit.hit("a", 0)
    with pytest.raises(ValueError):
        ratelimit.hit("a", 2 * 24 * 3600)


def test_redis_window_expires_with_the_key(redis_backend, app):
    app.extensions["lms_ratelimit"] = redis_backend
    ratelimit.hit("a", 30)
    assert 0 < redis_backend.client.ttl(redis_backend.prefix + "a") <= 30


def test_database_window_restarts_after_it_ends(app, clock):
    app.extensions["lms_ratelimit"] = DatabaseBackend()
    ratelimit.hit("a", 60)
    clock.advance(seconds=30)
    assert ratelimit.hit("a", 60) == 2
    clock.advance(seconds=29)
    assert ratelimit.count("a", 60) == 2
    clock.advance(seconds=1)
    assert ratelimit.count("a", 60) == 0
    assert ratelimit.hit("a", 60) == 1
    clock.advance(seconds=59)
    assert ratelimit.hit("a", 60) == 2


def test_database_retry_after_counts_down(app, clock):
    app.extensions["lms_ratelimit"] = DatabaseBackend()
    ratelimit.hit("a", 60)
    clock.advance(seconds=45)
    assert app.extensions["lms_ratelimit"].peek("a", 60).retry_after == 15


def test_database_counts_commit_even_when_the_request_rolls_back(app):
    app.extensions["lms_ratelimit"] = DatabaseBackend()
    ratelimit.hit("a", 60)
    db.session.rollback()
    assert db.session.scalar(select(RateLimitCounter.count).where(RateLimitCounter.key == "a")) == 1


def test_very_long_keys_are_stored_as_a_digest(app):
    app.extensions["lms_ratelimit"] = DatabaseBackend()
    key = "login:account:" + "x" * 500 + "@example.org"
    assert [ratelimit.hit(key, 60) for _ in range(2)] == [1, 2]
    assert ratelimit.count(key, 60) == 2
    stored = db.session.scalar(select(RateLimitCounter.key))
    assert stored.startswith("sha256:") and len(stored) <= 200


def test_concurrent_hits_are_all_counted(backend, app):
    threads, per_thread = 6, 15
    counts: list[int] = []
    failures: list[BaseException] = []

    def worker():
        try:
            with app.app_context():
                for _ in range(per_thread):
                    counts.append(ratelimit.hit("busy", 60))
        except BaseException as error:  # surfaced below
            failures.append(error)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert not failures
    total = threads * per_thread
    assert ratelimit.count("busy", 60) == total
    assert sorted(counts) == list(range(1, total + 1)), "every hit saw its own count"


def test_expired_database_counters_are_purged_and_live_ones_kept(app):
    from datetime import timedelta

    from lms import database
    from lms.extensions import db
    from lms.ratelimit import MAX_WINDOW_SECONDS, RateLimitCounter, purge_expired_counters

    now = database.utcnow()
    db.session.add_all([
        RateLimitCounter(key="old", window_start=now - timedelta(seconds=MAX_WINDOW_SECONDS + 60), count=3),
        RateLimitCounter(key="live", window_start=now - timedelta(seconds=30), count=1),
    ])
    db.session.commit()
    purge_expired_counters()
    db.session.commit()
    assert [row.key for row in db.session.query(RateLimitCounter).all()] == ["live"]
