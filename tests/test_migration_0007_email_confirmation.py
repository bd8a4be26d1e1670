"""Migration 0007 adds the confirmation time of an account's address: every account that
exists already counts as confirmed, and the migration goes back down."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.auth.models import User
from lms.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

CREATED = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)


@pytest.fixture
def app_at_0006(empty_database_url, tmp_path):  # noqa: F811  (the fixture)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade(revision="0006")
        yield app
        db.session.remove()
        db.engine.dispose()


def _user_columns() -> set[str]:
    return {column["name"] for column in sa.inspect(db.engine).get_columns("user")}


def test_upgrading_an_empty_database_adds_the_column(app_at_0006):
    upgrade(revision="0007")
    assert "email_confirmed_at" in _user_columns()
    downgrade(revision="0006")
    assert "email_confirmed_at" not in _user_columns()


def test_existing_accounts_count_as_confirmed(app_at_0006):
    with db.engine.begin() as connection:
        for n, password in enumerate(["hash", None], 1):
            connection.execute(sa.text(
                'INSERT INTO "user" (id, email, name, password_hash, is_admin, is_active, created_at, bio, '
                "skills, timezone, session_token) VALUES (:id, :email, 'Name', :password, false, true, "
                ":created, '', '[]', 'UTC', 'token')"),
                {"id": n, "email": f"user{n}@example.org", "password": password, "created": CREATED})
    upgrade(revision="0007")
    # The column alone: the model has columns later migrations add.
    confirmed = db.session.scalars(sa.select(User.__table__.c.email_confirmed_at).order_by(User.__table__.c.id)).all()
    assert confirmed == [CREATED, CREATED]
    db.session.rollback()  # end the read's transaction: on PostgreSQL it would block the ALTER TABLE
    downgrade(revision="0006")
    with db.engine.connect() as connection:
        assert connection.execute(sa.text('SELECT count(*) FROM "user"')).scalar() == 2
