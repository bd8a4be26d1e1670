"""The migrations build the schema the models describe, from an empty database."""
from __future__ import annotations

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, make_url, text

from lms import create_app
from lms.config import normalise_database_url
from lms.extensions import db


@pytest.fixture
def empty_database_url(tmp_path):
    base = os.environ.get("LMS_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        return
    base = normalise_database_url(base)
    schema = f"migrate_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def migrated_app(empty_database_url, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


def _differences(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_migrations_match_models(migrated_app):
    assert _differences(migrated_app) == []


def test_migrations_downgrade_to_empty_and_up_again(migrated_app):
    downgrade(revision="base")
    with db.engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert _differences(migrated_app) == []
