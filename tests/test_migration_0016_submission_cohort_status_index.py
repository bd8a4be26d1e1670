"""Migration 0016 adds ``submission (cohort_id, status, waiting_since)`` for the mentor queue:
the hand-ins stay, and it goes back down to the indexes it had."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

INDEX = "ix_submission_cohort_id_status_waiting_since"


@pytest.fixture
def app_at_0015(empty_database_url, tmp_path):  # noqa: F811  (the fixture)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade(revision="0015")
        yield app
        db.session.remove()
        db.engine.dispose()


def _submission_indexes() -> dict[str, list[str]]:
    return {index["name"]: index["column_names"] for index in sa.inspect(db.engine).get_indexes("submission")}


def test_the_index_is_added_and_removed_and_the_other_indexes_stay(app_at_0015):
    before = _submission_indexes()
    assert INDEX not in before
    upgrade(revision="0016")
    after = _submission_indexes()
    assert after[INDEX] == ["cohort_id", "status", "waiting_since"]
    assert {name: columns for name, columns in after.items() if name != INDEX} == before
    downgrade(revision="0015")
    assert _submission_indexes() == before
