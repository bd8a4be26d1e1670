"""A hanging Redis: short timeouts, then the circuit breaker answers at once and the database stands in."""
from __future__ import annotations

import socket

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError, RedisError

from lms import redis_client
from lms.redis_client import BreakerOpen, CircuitBreaker
from tests.conftest import Client
from tests.factories.auth import make_user


@pytest.fixture
def hanging_redis():
    """A listening socket that accepts connections (the kernel does) and never answers."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(128)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


def test_sign_in_keeps_working_and_the_breaker_opens_while_redis_hangs(app, app_factory, hanging_redis):
    hanging = app_factory(REDIS_URL=hanging_redis, REDIS_SOCKET_TIMEOUT=0.05, REDIS_CONNECT_TIMEOUT=0.05)
    hanging.test_client_class = Client
    with hanging.app_context():
        make_user(email="hang@example.org")
        client = hanging.test_client()
        for _ in range(5):
            assert client.post("/login", data={"email": "hang@example.org", "password": "nope"}).status_code == 200
        assert client.post("/login", data={"email": "hang@example.org", "password": "nope"}).status_code == 429, \
            "counted in the database meanwhile"
        breaker = redis_client.breaker(hanging)
        assert breaker.is_open and breaker.times_opened == 1
        assert breaker.consecutive_failures == hanging.config["REDIS_BREAKER_THRESHOLD"], \
            "Redis was waited for only until the breaker opened"
        assert breaker.calls_refused >= 25, "every later call skipped Redis"
        assert client.get("/login").status_code == 200


def test_jobs_run_in_process_while_the_breaker_is_open(app, app_factory, hanging_redis):
    hanging = app_factory(REDIS_URL=hanging_redis, REDIS_SOCKET_TIMEOUT=0.05, REDIS_CONNECT_TIMEOUT=0.05)
    hanging.test_client_class = Client
    with hanging.app_context():
        make_user(email="hang@example.org")
        breaker = redis_client.breaker(hanging)
        for _ in range(breaker.threshold):
            with pytest.raises(RedisError):
                breaker.call(redis_client.client(hanging).ping)
        assert breaker.is_open
        refused = breaker.calls_refused
        response = hanging.test_client().post("/password/forgot", data={"email": "hang@example.org"})
        response.close()
        assert response.status_code == 302
        assert breaker.calls_refused > refused, "the job was not handed to the hanging Redis"
        assert breaker.consecutive_failures == breaker.threshold


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _fails():
    raise RedisConnectionError("refused")


def test_breaker_opens_after_the_threshold_tries_again_after_the_cooldown_and_closes():
    clock = FakeClock()
    breaker = CircuitBreaker(threshold=3, cooldown=30, clock=clock)
    for _ in range(3):
        with pytest.raises(RedisConnectionError):
            breaker.call(_fails)
    assert breaker.is_open and breaker.times_opened == 1
    with pytest.raises(BreakerOpen):
        breaker.call(lambda: "not called")
    clock.now += 30
    with pytest.raises(RedisConnectionError):
        breaker.call(_fails)  # the trial call fails: open for another cooldown
    with pytest.raises(BreakerOpen):
        breaker.call(lambda: "not called")
    clock.now += 30
    assert breaker.call(lambda: "answered") == "answered"
    assert not breaker.is_open and breaker.consecutive_failures == 0
    assert breaker.calls_refused == 2
