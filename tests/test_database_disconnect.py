"""A dropped database connection: reads (GET, HEAD) are dispatched once more on a fresh
connection and answer 200; writes are never repeated and get a clean 503 page, never a 500.

The PostgreSQL tests terminate the app's own backends (found by a per-test
``application_name``, so other test runs on the same server are left alone) between two
requests and in the middle of one. The simulated tests run on every database.
"""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from lms.auth.models import User
from lms.extensions import db
from lms.web import CONNECTION_LOST
from tests.conftest import Auth, Client, _empty_all_tables
from tests.factories.auth import make_user

PROFILE = {"name": "Changed Name", "bio": "", "skills": "", "timezone": "UTC"}


class DropConnection:
    """A ``before_cursor_execute`` hook that drops the connection under the ``times``
    next statements matching ``sql`` (upper case)."""

    def __init__(self, drop, sql: str = "SELECT", times: int = 1) -> None:
        self.drop, self.sql, self.left, self.dropped = drop, sql, times, 0

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if self.left and statement.lstrip().upper().startswith(self.sql):
            self.left -= 1
            self.dropped += 1
            self.drop(conn)


def _simulated_drop(conn):
    raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"),
                           connection_invalidated=True)


@pytest.fixture
def signed_in(app, client, user):
    Auth(client).login_as(user)
    return client


def _listening(hook):
    event.listen(db.engine, "before_cursor_execute", hook)
    return hook


def test_a_read_whose_connection_drops_is_dispatched_again(app, signed_in):
    hook = _listening(DropConnection(_simulated_drop))
    response = signed_in.get("/profile")
    assert hook.dropped == 1
    assert response.status_code == 200 and b"Lea Learner" in response.data


def test_a_read_whose_connection_drops_twice_gets_a_clean_503(app, signed_in):
    hook = _listening(DropConnection(_simulated_drop, times=2))
    response = signed_in.get("/profile")
    assert hook.dropped == 2, "retried once, not more"
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert CONNECTION_LOST.split(".")[0].encode() in response.data
    assert response.headers["Content-Security-Policy"], "a page like any other"


def test_a_write_whose_connection_drops_is_not_repeated_and_gets_a_clean_503(app, signed_in, user):
    hook = _listening(DropConnection(_simulated_drop, sql="UPDATE"))
    response = signed_in.post("/profile", data=PROFILE)
    assert hook.dropped == 1 and response.status_code == 503
    assert CONNECTION_LOST.split(".")[0].encode() in response.data
    assert db.session.get(User, user.id).name == "Lea Learner"


def test_other_database_errors_are_not_retried(app, signed_in):
    def broken(conn):
        raise OperationalError("SELECT 1", {}, Exception("syntax error"))

    hook = _listening(DropConnection(broken))
    with pytest.raises(OperationalError):  # TESTING propagates; in production the usual 500 page
        signed_in.get("/profile")
    assert hook.dropped == 1


def test_pooled_connections_are_not_pinged_on_every_checkout(app_factory):
    """A ping per request is a round trip per request: idle connections are pinged instead."""
    app = app_factory(SQLALCHEMY_ENGINE_OPTIONS={"pool_recycle": 300})
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_recycle": 300}
    with app.app_context():
        assert not db.engine.pool._pre_ping


# --- PostgreSQL: real terminated backends ----------------------------------------------

@pytest.fixture
def pg_idle_seconds() -> float:
    """How long a pooled connection may sit unused before it is pinged; 0: pinged at every use."""
    return 0


@pytest.fixture
def pg(app_factory, _schema, pg_idle_seconds):
    if not _schema.startswith("postgresql"):
        pytest.skip("terminating backends needs PostgreSQL (set LMS_TEST_DATABASE_URL)")
    name = f"lms-test-{uuid.uuid4().hex[:12]}"
    url = make_url(_schema).update_query_dict({"application_name": name}).render_as_string(hide_password=False)
    app = app_factory(SQLALCHEMY_DATABASE_URI=url, DATABASE_PING_AFTER_IDLE_SECONDS=pg_idle_seconds)
    admin = create_engine(_schema, poolclass=NullPool)

    def terminate(conn=None) -> int:
        with admin.connect() as connection:
            return len(connection.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = :name AND pid <> pg_backend_pid()"),
                {"name": name}).all())

    with app.app_context():
        app.test_client_class = Client
        client = app.test_client()
        user = make_user(email="lea@example.org", name="Lea Learner")
        Auth(client).login_as(user)
        yield client, user, terminate
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()
    admin.dispose()


def test_pg_reads_answer_200_after_the_backends_were_terminated_between_requests(pg):
    client, _, terminate = pg
    assert client.get("/profile").status_code == 200
    assert terminate() >= 1
    for _ in range(3):
        assert client.get("/profile").status_code == 200
    assert client.head("/profile").status_code == 200


def test_pg_a_read_whose_backend_is_terminated_mid_request_answers_200(pg):
    client, _, terminate = pg
    assert client.get("/profile").status_code == 200
    hook = _listening(DropConnection(terminate))
    response = client.get("/profile")
    assert hook.dropped == 1
    assert response.status_code == 200 and b"Lea Learner" in response.data


def test_pg_a_write_whose_backend_is_terminated_mid_request_is_not_retried(pg):
    client, user, terminate = pg
    assert client.get("/profile").status_code == 200
    hook = _listening(DropConnection(terminate, sql="UPDATE"))
    response = client.post("/profile", data=PROFILE)
    assert hook.dropped == 1
    assert response.status_code == 503, "a retry would have saved it (302)"
    assert CONNECTION_LOST.split(".")[0].encode() in response.data
    assert db.session.get(User, user.id, populate_existing=True).name == "Lea Learner"
    assert client.post("/profile", data=PROFILE).status_code == 302, "saving again works"


def test_pg_a_write_after_the_backends_were_terminated_gets_a_pinged_connection(pg):
    """A connection that sat idle (here: any) is tested before use and replaced when dead."""
    client, user, terminate = pg
    assert client.get("/profile").status_code == 200
    assert terminate() >= 1
    assert client.post("/profile", data=PROFILE).status_code == 302


def _counting_pings(monkeypatch) -> list:
    pings: list = []
    ping = db.engine.dialect.do_ping
    monkeypatch.setattr(db.engine.dialect, "do_ping", lambda connection: pings.append(1) or ping(connection))
    return pings


@pytest.mark.parametrize("pg_idle_seconds", [3600])
def test_pg_a_connection_used_moments_ago_is_not_pinged(pg, pg_idle_seconds, monkeypatch):
    client, _, _ = pg
    assert client.get("/profile").status_code == 200
    pings = _counting_pings(monkeypatch)
    for _ in range(3):
        assert client.get("/profile").status_code == 200
    assert pings == []


def test_pg_a_connection_idle_for_longer_than_the_setting_is_pinged(pg, monkeypatch):
    client, _, _ = pg
    pings = _counting_pings(monkeypatch)
    for _ in range(3):
        assert client.get("/profile").status_code == 200
    assert len(pings) >= 3
