"""Sign-in throttling: 5 failures per minute per address and per account from one address,
20 per quarter hour per account from browsers its owner never used, then HTTP 429; a known
device counts only against itself."""
from __future__ import annotations

import os
import threading
import time
import uuid

import pytest

from lms.auth import services
from tests.auth.helpers import past_welcome, signed_in_name
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
    for n in range(20):
        assert _attempt(client, user.email, address=f"10.0.1.{n}").status_code == 200
    assert _attempt(client, "  LEARNER@example.ORG ", address="10.0.2.1").status_code == 429


def test_one_address_trying_many_accounts_is_limited(client, user):
    for n in range(5):
        assert _attempt(client, f"guess{n}@example.org").status_code == 200
    assert _attempt(client, "another@example.org").status_code == 429
    assert _attempt(client, user.email, PASSWORD, address="10.9.9.9").status_code == 302, \
        "other addresses are not affected"


def test_unknown_and_existing_accounts_are_limited_alike(client, user):
    for n in range(20):
        _attempt(client, "nobody@example.org", address=f"10.0.2.{n}")
        _attempt(client, user.email, address=f"10.0.3.{n}")
    assert _attempt(client, "nobody@example.org", address="10.0.0.4").status_code == 429
    assert _attempt(client, user.email, address="10.0.0.5").status_code == 429
    for _ in range(5):
        _attempt(client, "nobody2@example.org", address="10.0.4.1")
        _attempt(client, user.email, address="10.0.5.1")
    assert _attempt(client, "nobody2@example.org", address="10.0.4.1").status_code == 429


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
    assert past_welcome(_attempt(client, user.email, PASSWORD).location) == "/"
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


def _known_device(app, user, address="10.0.0.1"):
    """A browser where the owner signed in before (it holds the device cookie), signed out again."""
    from tests.conftest import Client

    app.test_client_class = Client
    browser = app.test_client()
    assert _attempt(browser, user.email, PASSWORD, address=address).status_code == 302
    assert browser.get_cookie("lms_device") is not None
    browser.post("/logout")
    return browser


def test_failures_from_elsewhere_do_not_lock_the_owner_out(client, user):
    for _ in range(5):
        _attempt(client, user.email, address="10.6.6.6")
    assert _attempt(client, user.email, address="10.6.6.6").status_code == 429, "the guesser is stopped"
    assert _attempt(client, user.email, PASSWORD, address="10.0.0.1").status_code == 302, "the owner is not"


def test_a_known_device_signs_in_whatever_others_tried(app, client, user):
    browser = _known_device(app, user)
    for n in range(40):
        _attempt(client, user.email, address=f"10.7.{n // 5}.{n}")
    assert _attempt(client, user.email, PASSWORD, address="10.8.0.1").status_code == 429, \
        "the account is limited for browsers its owner never used"
    assert _attempt(browser, user.email, PASSWORD, address="10.7.0.0").status_code == 302, \
        "the owner's own device gets in, even from an address the guesser used"
    assert signed_in_name(browser) == "Lea Learner"


def test_a_device_cookie_is_worth_nothing_for_another_account_or_when_forged(app, client, user):
    browser = _known_device(app, user)
    other = make_user(email="other@example.org")
    for _ in range(5):
        _attempt(client, other.email, address="10.0.0.9")
    browser.set_cookie("lms_device", browser.get_cookie("lms_device").value)
    assert _attempt(browser, other.email, PASSWORD, address="10.0.0.9").status_code == 429
    browser.set_cookie("lms_device", "forged")
    for _ in range(5):
        _attempt(client, user.email, address="10.0.0.8")
    assert _attempt(browser, user.email, PASSWORD, address="10.0.0.8").status_code == 429


def test_a_known_device_is_limited_on_its_own(app, user):
    browser = _known_device(app, user)
    for _ in range(5):
        assert _attempt(browser, user.email).status_code == 200
    assert _attempt(browser, user.email, PASSWORD).status_code == 429


def test_the_wait_grows_while_the_guessing_goes_on(client, user, clock):
    waits = []
    for _ in range(3):
        for _ in range(5):
            _attempt(client, user.email)
        refused = _attempt(client, user.email)
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        clock.advance(seconds=61)
    assert waits[0] <= 60 and waits[-1] > 60, waits


@pytest.fixture(params=["database", "redis"])
def counting_app(request, app_factory, user):
    """An app counting in the database (SQLite or PostgreSQL) or in Redis."""
    from tests.conftest import Client

    if request.param == "database":
        app = app_factory()
    else:
        url = os.environ.get("LMS_TEST_REDIS_URL")
        if not url:
            pytest.skip("set LMS_TEST_REDIS_URL to test the Redis backend")
        app = app_factory(REDIS_URL=url, RATELIMIT_KEY_PREFIX=f"lms-test-{uuid.uuid4().hex}:")
    app.test_client_class = Client
    return app


def test_racing_guesses_never_pass_the_limit(counting_app, monkeypatch, user):
    checked = []
    authenticate = services.authenticate

    def slow_authenticate(email, password):
        checked.append(email)
        time.sleep(0.2)  # the password check takes a while: racers arrive meanwhile
        return authenticate(email, password)

    monkeypatch.setattr(services, "authenticate", slow_authenticate)
    statuses: list[int] = []
    start = threading.Barrier(12)
    email = user.email  # read here: the test's session must not be used from the threads

    def guess():
        with counting_app.app_context():
            browser = counting_app.test_client()
            start.wait()
            statuses.append(_attempt(browser, email).status_code)

    racers = [threading.Thread(target=guess) for _ in range(12)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    # Each attempt is counted under several keys; racers may take them in different
    # orders and refuse each other, so fewer than the limit may pass, never more.
    assert 1 <= len(checked) <= 5, "the password was checked only within the limit"
    assert statuses.count(200) == len(checked)
    assert statuses.count(429) == 12 - len(checked)
