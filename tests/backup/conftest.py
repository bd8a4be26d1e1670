"""Instances of their own for backup tests: a migrated source and empty targets.

On SQLite each is a file; on PostgreSQL (LMS_TEST_DATABASE_URL) a source is a schema of
the test database and its target a schema of the same name in a second database,
``<test database>_restore`` (created when missing), as a restore onto another server would be.
Seeding the world takes seconds, so one seeded source and its archive serve the whole module.
"""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from lms import create_app
from lms.config import normalise_database_url
from lms.extensions import db
from tests.conftest import _test_config


class Pair:
    """A source database and the empty target a restore of it goes into."""

    def __init__(self, folder, name: str) -> None:
        self.folder, self.name = folder, name
        base = os.environ.get("LMS_TEST_DATABASE_URL")
        self.base = make_url(normalise_database_url(base)) if base else None
        self.schema = f"backup_{uuid.uuid4().hex[:12]}"
        self.apps: list = []
        self.dialect = "postgresql" if self.base else "sqlite"

    def url(self, side: str) -> str:
        if self.base is None:
            return f"sqlite:///{self.folder / f'{self.name}-{side}.sqlite'}"
        database = self.base if side == "source" else self.base.set(database=f"{self.base.database}_restore")
        return database.update_query_dict({"options": f"-csearch_path={self.schema}"}).render_as_string(
            hide_password=False)

    def app(self, side: str):
        app = create_app(_test_config(self.url(side), self.folder / f"{self.name}-{side}-instance"))
        self.apps.append(app)
        return app

    def migrated_source(self, revision: str = "head"):
        if self.base is not None:
            _create_restore_database(self.base)
            with create_engine(self.base).begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        app = self.app("source")
        with app.app_context():
            upgrade(revision=revision)
        return app

    def close_apps(self) -> None:
        for app in self.apps:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        self.apps.clear()

    def drop(self, side: str) -> None:
        """Empty one side (the target after each test; both at the end)."""
        if self.base is None:
            (self.folder / f"{self.name}-{side}.sqlite").unlink(missing_ok=True)
            return
        url = self.base if side == "source" else self.base.set(database=f"{self.base.database}_restore")
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        engine.dispose()


def _create_restore_database(base) -> None:
    name = f"{base.database}_restore"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
            try:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            except Exception as error:  # noqa: BLE001 (no right to create one: say so and skip)
                pytest.skip(f"cannot create the restore database {name}: {error}")
    engine.dispose()


@contextmanager
def pair_of(folder, name: str):
    pair = Pair(folder, name)
    try:
        yield pair
    finally:
        pair.close_apps()
        pair.drop("target")
        pair.drop("source")


@pytest.fixture(scope="module")
def module_pair(tmp_path_factory):
    with pair_of(tmp_path_factory.mktemp("backup"), "world") as pair:
        yield pair


@pytest.fixture
def new_pair(tmp_path):
    """``new_pair(name)``: a pair of this test's own."""
    with_pairs = []

    def make(name: str) -> Pair:
        context = pair_of(tmp_path, name)
        with_pairs.append(context)
        return context.__enter__()

    yield make
    for context in reversed(with_pairs):
        context.__exit__(None, None, None)


@pytest.fixture
def target(module_pair):
    """An empty instance to restore the module's archive into (emptied again afterwards)."""
    app = module_pair.app("target")
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    module_pair.apps.remove(app)
    module_pair.drop("target")
