"""Migration 0017 adds ``table_version`` for the page cache: from then on a commit raises the
versions of the tables it changed, and going back down leaves writes working without it."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)


@pytest.fixture
def app_at_0016(empty_database_url, tmp_path):  # noqa: F811  (the fixture)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade(revision="0016")
        yield app
        db.session.remove()
        db.engine.dispose()


def _add_periodic_task(name: str) -> None:
    db.session.execute(sa.text("INSERT INTO periodic_task (name, next_run_at) VALUES (:n, '2026-01-01')"), {"n": name})
    db.session.commit()


def _version_of(name: str) -> int | None:
    found = db.session.execute(sa.text("SELECT version FROM table_version WHERE name = :n"), {"n": name}).scalar()
    db.session.rollback()
    return found


def test_versions_start_with_the_table_and_writes_work_before_and_after(app_at_0016):
    _add_periodic_task("before")  # no version table yet: the commit goes through without one
    assert "table_version" not in sa.inspect(db.engine).get_table_names()
    upgrade(revision="0017")
    assert "table_version" in sa.inspect(db.engine).get_table_names()
    first = _version_of("periodic_task") or 0
    _add_periodic_task("after")
    assert _version_of("periodic_task") == first + 1
    downgrade(revision="0016")
    assert "table_version" not in sa.inspect(db.engine).get_table_names()
    _add_periodic_task("after the way back")
    names = db.session.execute(sa.text("SELECT name FROM periodic_task ORDER BY name")).scalars().all()
    assert names == ["after", "after the way back", "before"]
