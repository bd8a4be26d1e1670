"""Migration 0009 adds the table of password reset requests on top of 0008, and goes back down."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.auth.models import PasswordResetRequest
from lms.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

ASKED = datetime(2026, 12, 3, 9, tzinfo=timezone.utc)


@pytest.fixture
def app_at_0008(empty_database_url, tmp_path):  # noqa: F811  (the fixture)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade(revision="0008")
        yield app
        db.session.remove()
        db.engine.dispose()


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def test_upgrading_adds_the_table_and_downgrading_removes_it(app_at_0008):
    assert "password_reset_request" not in _tables()
    upgrade(revision="0009")
    assert "password_reset_request" in _tables()
    indexes = {index["name"] for index in sa.inspect(db.engine).get_indexes("password_reset_request")}
    assert "ix_password_reset_request_requested_at" in indexes
    downgrade(revision="0008")
    assert "password_reset_request" not in _tables()


def test_the_models_read_and_write_the_migrated_table(app_at_0008):
    upgrade(revision="0009")
    db.session.add(PasswordResetRequest(email="lea@example.org", requested_at=ASKED))
    db.session.commit()
    [reset_request] = db.session.scalars(sa.select(PasswordResetRequest)).all()
    assert (reset_request.email, reset_request.requested_at, reset_request.processed_at) == (
        "lea@example.org", ASKED, None)
    db.session.rollback()  # end the read's transaction: on PostgreSQL it would block the DROP TABLE
    downgrade(revision="0008")
    assert "password_reset_request" not in _tables()
