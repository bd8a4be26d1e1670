"""Fixtures: a fresh database per run, an app and client per test, signing in as anyone.

The suite runs on SQLite by default, and on PostgreSQL when LMS_TEST_DATABASE_URL is
set: then every run works in its own schema, dropped at the end.
"""
from __future__ import annotations

import os
import secrets
import uuid
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine, make_url, text

from lms import create_app
from lms.config import normalise_database_url
from lms.extensions import db
from tests.factories.auth import PASSWORD, make_admin, make_user


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    base = os.environ.get("LMS_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        return
    base = normalise_database_url(base)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def _schema(database_url):
    """Create the tables once per run (the migration tests check migrations separately)."""
    app = create_app(_test_config(database_url, instance_path=None))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return database_url


def _test_config(database_url: str, instance_path, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "LMS_BASE_URL": "http://localhost",
        "SERVER_NAME": None,
        "JOBS_TICK_ON_REQUESTS": False,
        "JOBS_IN_PROCESS_THREAD": False,  # jobs run when the test client closes the response
        "INSTANCE_PATH": str(instance_path) if instance_path else None,
    }
    config.update(overrides)
    return config


def _empty_all_tables() -> None:
    # The page cache's versions only ever go up, as in production: an emptied database refilled
    # by the next test never meets a version it had before (and emptying takes no lock on them,
    # so a request still committing on a live test server cannot deadlock with it).
    tables = [table for table in reversed(db.metadata.sorted_tables) if table.name != "table_version"]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app_factory(_schema, tmp_path):
    """Build an app with extra settings: ``app_factory(SELF_REGISTRATION=True)``."""
    def build(**overrides):
        return create_app(_test_config(_schema, tmp_path / "instance", **overrides))
    return build


@contextmanager
def in_app_context(app):
    """``app`` with its application context pushed (tests use ``db.session``); afterwards every
    table is emptied and the connections closed, whatever the test left behind."""
    with app.app_context():
        yield app
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(app_factory):
    """An app with an application context pushed, so tests can use ``db.session``."""
    with in_app_context(app_factory()) as app:
        yield app


class Client(FlaskClient):
    """A test client that sends the CSRF token with every form like a browser would.

    Each request runs in its own application context, as in production, so nothing
    (the signed-in user in ``g``, the database session) leaks between requests or
    into the test's own session. Pass ``csrf=False`` to send a form without a token.
    """

    def open(self, *args, csrf: bool = True, **kwargs):
        method = kwargs.get("method", "GET").upper()
        if csrf and method in {"POST", "PUT", "PATCH", "DELETE"}:
            kwargs["headers"] = {**dict(kwargs.get("headers") or {}), "X-CSRFToken": self.csrf_token()}
        outer = db.session if _has_app_context() else None
        if outer is not None and (outer.new or outer.dirty or outer.deleted):
            outer.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if outer is not None:
            outer.commit()  # end the test's transaction: it sees what the request wrote
        return response

    def csrf_token(self) -> str:
        """The token Flask-WTF expects: the session's raw token, signed (as its generate_csrf)."""
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", secrets.token_hex(20))
        return URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token").dumps(raw)


def _has_app_context() -> bool:
    from flask import has_app_context
    return has_app_context()


@pytest.fixture
def client(app):
    app.test_client_class = Client
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Auth:
    """Sign a test client in as a given user, or through the real form."""

    def __init__(self, client: Client):
        self.client = client

    def login_as(self, user) -> None:
        with self.client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True

    def login(self, email: str, password: str = PASSWORD):
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def user(app):
    return make_user(email="learner@example.org", name="Lea Learner")


@pytest.fixture
def admin(app):
    return make_admin(email="admin@example.org", name="Ada Admin")


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free local port; ``app_factory(**smtp_server.config)`` sends to it.

    ``smtp_server.messages`` lists the received messages (``email.message.EmailMessage``);
    sending is synchronous, so a message is there as soon as ``send_email`` returns.
    """
    from tests.smtp import SMTPServer

    server = SMTPServer().start()
    yield server
    server.stop()
