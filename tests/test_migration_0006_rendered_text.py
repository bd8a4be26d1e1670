"""Migration 0006 adds attempt.text_html and fills it, batch by batch, for the attempts already there."""
from __future__ import annotations

import importlib

import pytest
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.extensions import db
from lms.rendering import render_user_markdown
from tests.test_migration_0002_progress import WINTER_START, Rows
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

MIGRATION = importlib.import_module("migrations.versions.0006_rendered_attempt_text")
TEXTS = ["Plain", "**bold** and `code`", "<script>alert(1)</script> [x](javascript:alert(1))", ""]


@pytest.fixture
def app_at_0005(empty_database_url, tmp_path):  # noqa: F811
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade(revision="0005")
        yield app
        db.session.remove()
        db.engine.dispose()


def _attempts(rows: Rows, count: int) -> None:
    user = rows.add("user", email="ana@example.org", name="Ana", session_token="a")
    track = rows.add("track", slug="web", title="Web", is_archived=False)
    lesson = rows.add("lesson", track_id=track, slug="task", title="Task", kind="assignment")
    cohort = rows.add("cohort", name="Winter", track_id=track, status="running", review_policy="any_mentor",
                      seats_taken=1)
    enrollment = rows.add("enrollment", cohort_id=cohort, user_id=user, role="learner", status="active",
                          enrolled_at=WINTER_START)
    submission = rows.add("submission", cohort_id=cohort, enrollment_id=enrollment, user_id=user, lesson_id=lesson,
                          status="submitted", attempt_count=count, version=1)
    for number in range(1, count + 1):
        base = TEXTS[(number - 1) % len(TEXTS)]
        rows.add("attempt", submission_id=submission, number=number, text=f"{base} {number}" if base else "",
                 idempotency_key=f"k{number}", is_late=False)


def test_upgrade_renders_every_existing_attempt_in_batches(app_at_0005):
    count = 2 * MIGRATION.BATCH + 7
    with db.engine.begin() as connection:
        _attempts(Rows(connection), count)
    upgrade(revision="0006")
    with db.engine.connect() as connection:
        attempts = Rows(connection).all("attempt")
    assert len(attempts) == count
    assert all(row["text_html"] == render_user_markdown(row["text"]) for row in attempts)
    assert any("<strong>bold</strong>" in row["text_html"] for row in attempts)
    assert not any("<script" in row["text_html"] or "javascript:" in row["text_html"] for row in attempts)
    assert [row["text_html"] for row in attempts if not row["text"]] == [""] * (count // len(TEXTS))


def test_new_rows_get_an_empty_default_and_downgrade_drops_the_column(app_at_0005):
    with db.engine.begin() as connection:
        _attempts(Rows(connection), 3)
    upgrade(revision="0006")
    with db.engine.begin() as connection:
        rows = Rows(connection)
        rows.connection.execute(rows.meta.tables["attempt"].insert().values(
            submission_id=1, number=4, text="", idempotency_key="k4", is_late=False, submitted_at=WINTER_START))
        assert rows.all("attempt")[-1]["text_html"] == ""
    downgrade(revision="0005")
    with db.engine.connect() as connection:
        rows = Rows(connection)
        assert "text_html" not in rows.meta.tables["attempt"].columns
        texts = [row["text"] for row in rows.all("attempt")]
        assert texts[:3] == [f"{text} {n}" for n, text in enumerate(TEXTS[:3], 1)]
