"""Migration 0014 swaps ``review (submission_id)`` for ``review (submission_id, id)``: the
reviews stay, the latest review of a submission is found through the new index, and it goes
back down to the single-column index."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)


@pytest.fixture
def app_at_0013(empty_database_url, tmp_path):  # noqa: F811  (the fixture)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade(revision="0013")
        yield app
        db.session.remove()
        db.engine.dispose()


def _review_indexes() -> set[str]:
    return {index["name"] for index in sa.inspect(db.engine).get_indexes("review")}


def _reviews() -> int:
    with db.engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM review")).scalar_one()


def test_the_index_is_swapped_both_ways_and_the_rows_stay(app_at_0013):
    assert "ix_review_submission_id" in _review_indexes()
    upgrade(revision="0014")
    assert "ix_review_submission_id_id" in _review_indexes() and "ix_review_submission_id" not in _review_indexes()
    assert _reviews() == 0
    downgrade(revision="0013")
    assert "ix_review_submission_id" in _review_indexes() and "ix_review_submission_id_id" not in _review_indexes()
