"""Migration 0013 adds API tokens, idempotency keys and the webhook tables on top of 0012:
existing users stay, the database enforces one row per token hash, one key per token and
one delivery per endpoint and event, and it goes back down keeping the users."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from lms import create_app
from lms.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

NOW = datetime(2026, 12, 4, 9, tzinfo=timezone.utc)
NEW_TABLES = {"api_token", "api_idempotency_key", "webhook_endpoint", "webhook_delivery", "webhook_attempt"}


@pytest.fixture
def app_at_0012(empty_database_url, tmp_path):  # noqa: F811  (the fixture)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade(revision="0012")
        yield app
        db.session.remove()
        db.engine.dispose()


def _execute(statement: str, **values) -> None:
    with db.engine.begin() as connection:
        connection.execute(sa.text(statement), values)


def _a_user() -> None:
    _execute('INSERT INTO "user" (id, email, name, is_admin, is_active, created_at, timezone, session_token, bio) '
             "VALUES (1, 'ada@example.org', 'Ada', :true, :true, :now, 'UTC', 'aaaaaaaaaaaaaaaa', '')",
             now=NOW, true=True)


def _a_token(token_id: int, token_hash: str) -> None:
    _execute("INSERT INTO api_token (id, user_id, kind, name, scopes, token_hash, prefix, created_at, expires_at) "
             "VALUES (:id, 1, 'personal', 'script', 'tracks:read', :hash, 'lms_abcdefgh', :now, :now)",
             id=token_id, hash=token_hash, now=NOW)


def test_users_stay_and_the_new_tables_enforce_their_one_of_rules(app_at_0012):
    _a_user()
    upgrade(revision="0013")
    assert NEW_TABLES <= set(sa.inspect(db.engine).get_table_names())
    _a_token(1, "h" * 64)
    with pytest.raises(IntegrityError):
        _a_token(2, "h" * 64)
    key = ("INSERT INTO api_idempotency_key (token_id, key, request_hash, status_code, response_body, created_at) "
           "VALUES (1, 'k', 'x', 201, '{}', :now)")
    _execute(key, now=NOW)
    with pytest.raises(IntegrityError):
        _execute(key, now=NOW)
    _execute("INSERT INTO webhook_endpoint (id, url, description, events, secret, is_active, consecutive_failures, "
             "created_at, version) VALUES (1, 'https://hr.example.org/hook', '', 'ask.opened', 'whsec_x', :true, 0, "
             ":now, 1)", now=NOW, true=True)
    delivery = ("INSERT INTO webhook_delivery (endpoint_id, event_id, event_type, payload, status, attempts, "
                "next_attempt_at, created_at) VALUES (1, 'msg_1', 'ask.opened', '{}', 'pending', 0, :now, :now)")
    _execute(delivery, now=NOW)
    with pytest.raises(IntegrityError):
        _execute(delivery, now=NOW)


def test_downgrading_removes_the_new_tables_and_keeps_the_users(app_at_0012):
    _a_user()
    upgrade(revision="0013")
    downgrade(revision="0012")
    assert not NEW_TABLES & set(sa.inspect(db.engine).get_table_names())
    with db.engine.connect() as connection:
        assert connection.execute(sa.text('SELECT email FROM "user"')).scalar_one() == "ada@example.org"
