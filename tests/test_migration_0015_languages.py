"""Migration 0015 adds the language columns (person, track, certificate, cohort certificate
settings) to a database with people in it: they keep their rows, start with no language (the
browser decides), and the columns go away again on the way down."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

TABLES = ("user", "track", "certificate", "cohort_certificate_settings")


@pytest.fixture
def app_at_0014(empty_database_url, tmp_path):  # noqa: F811  (the fixture)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade(revision="0014")
        yield app
        db.session.remove()
        db.engine.dispose()


def _columns(table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(db.engine).get_columns(table)}


def test_people_keep_their_rows_and_start_without_a_language(app_at_0014):
    with db.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO \"user\" (email, name, is_admin, is_active, created_at, bio, timezone, session_token) "
            "VALUES ('ana@example.org', 'Ana', false, true, CURRENT_TIMESTAMP, '', 'America/Sao_Paulo', 'tok')"))
    upgrade(revision="0015")
    assert all("language" in _columns(table) for table in TABLES)
    with db.engine.connect() as connection:
        rows = connection.execute(sa.text('SELECT email, timezone, language FROM "user"')).all()
    assert rows == [("ana@example.org", "America/Sao_Paulo", None)]


def test_it_goes_back_down_keeping_the_people(app_at_0014):
    upgrade(revision="0015")
    with db.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO \"user\" (email, name, is_admin, is_active, created_at, bio, timezone, session_token, "
            "language) VALUES ('bo@example.org', 'Bo', false, true, CURRENT_TIMESTAMP, '', 'UTC', 'tok2', 'ar')"))
    downgrade(revision="0014")
    assert not any("language" in _columns(table) for table in TABLES)
    with db.engine.connect() as connection:
        assert connection.execute(sa.text('SELECT count(*) FROM "user"')).scalar_one() == 1
