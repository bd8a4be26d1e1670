"""Sign-in throttling: 5 failures per minute per account and per address, then HTTP 429."""
from __future__ import annotations

import os
import uuid

import pytest

from tests.auth.helpers import signed_in_name
from tests.factories.auth import PASSWORD, make_user

TOO_MANY = b"Too many sign-in attempts. Please wait a minute and try again."
WRONG = b"Email or password is not correct."


def _attempt(client, email, password="wrong password", address="10.0.0.1"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_sixth_wrong_attempt_on_an_account_gets_429(client, user):
    for _ in range(5):
        assert WRONG in _attempt(client, user.email).data
    refused = _attempt(client, user.email)
    assert refused.status_code == 429
    assert TOO_MANY in refused.data
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_blocked_account_is_refused_even_with_the_right_password(client, user):
    for _ in range(5):
        _attempt(client, user.email)
    assert _attempt(client, user.email, PASSWORD).status_code == 429
    assert signed_in_name(client) is None


def test_account_limit_applies_from_every_address_and_any_spelling(client, user):
    for n in range(5):
        _attempt(client, user.email, address=f"10.0.1.{n}")
    assert _attempt(client, "  LEARNER@example.ORG ", address="10.0.2.1").status_code == 429


def test_one_address_trying_many_accounts_is_limited(client, user):
    for n in range(5):
        assert _attempt(client, f"guess{n}@example.org").status_code == 200
    assert _attempt(client, "another@example.org").status_code == 429
    assert _attempt(client, user.email, PASSWORD, address="10.9.9.9").status_code == 302, \
        "other addresses are not affected"


def test_unknown_and_existing_accounts_are_limited_alike(client, user):
    for _ in range(5):
        _attempt(client, "nobody@example.org", address="10.0.0.2")
        _attempt(client, user.email, address="10.0.0.3")
    assert _attempt(client, "nobody@example.org", address="10.0.0.4").status_code == 429
    assert _attempt(client, user.email, address="10.0.0.5").status_code == 429


def test_successful_sign_in_resets_the_account_count(client, auth, user):
    for _ in range(4):
        _attempt(client, user.email, address="10.0.0.1")
    assert _attempt(client, user.email, PASSWORD, address="10.0.0.1").status_code == 302
    auth.logout()
    for _ in range(5):
        assert _attempt(client, user.email, address="10.0.0.2").status_code == 200
    assert _attempt(client, user.email, address="10.0.0.2").status_code == 429


def test_limit_lifts_after_the_window(client, user, clock):
    for _ in range(5):
        _attempt(client, user.email)
    assert _attempt(client, user.email, PASSWORD).status_code == 429
    clock.advance(seconds=61)
    assert _attempt(client, user.email, PASSWORD).location == "/"
    assert signed_in_name(client) == "Lea Learner"


def test_limits_follow_the_configuration(app, client, user):
    app.config.update(LOGIN_FAILURE_LIMIT=2)
    _attempt(client, user.email)
    _attempt(client, user.email)
    assert _attempt(client, user.email).status_code == 429


def test_sign_in_limits_work_with_the_redis_backend(app_factory, client, user):
    url = os.environ.get("LMS_TEST_REDIS_URL")
    if not url:
        pytest.skip("set LMS_TEST_REDIS_URL to test the Redis backend")
    prefix = f"lms-test-{uuid.uuid4().hex}:"
    app = app_factory(REDIS_URL=url, RATELIMIT_KEY_PREFIX=prefix)
    app.test_client_class = type(client)  # the suite's client, which sends CSRF tokens
    redis = app.extensions["lms_ratelimit"].redis_backend.client
    try:
        redis_client = app.test_client()
        for _ in range(5):
            assert _attempt(redis_client, user.email).status_code == 200
        refused = _attempt(redis_client, user.email)
        assert refused.status_code == 429
        assert list(redis.scan_iter(match=prefix + "login:*"))
    finally:
        for key in redis.scan_iter(match=prefix + "*"):
            redis.delete(key)


def test_sign_in_still_works_and_is_limited_when_redis_is_down(app_factory):
    from tests.conftest import Client

    app = app_factory(REDIS_URL="redis://127.0.0.1:1/0")
    app.test_client_class = Client
    with app.app_context():
        make_user(email="redisdown@example.org")
        client = app.test_client()
        for _ in range(5):
            assert client.post("/login", data={"email": "redisdown@example.org", "password": "nope"}).status_code == 200
        assert client.post("/login", data={"email": "redisdown@example.org", "password": "nope"}).status_code == 429
