"""Migration 0010 adds asks, review ratings and the new settings on top of 0009; existing
cohorts and notification preferences get the documented defaults, and it goes back down."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

NOW = datetime(2026, 12, 3, 9, tzinfo=timezone.utc)
NEW_TABLES = {"ask", "ask_reply", "ask_file", "review_rating"}


@pytest.fixture
def app_at_0009(empty_database_url, tmp_path):  # noqa: F811  (the fixture)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade(revision="0009")
        yield app
        db.session.remove()
        db.engine.dispose()


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def _insert(connection, table: str, **values) -> None:
    columns = ", ".join(f'"{name}"' for name in values)
    connection.execute(sa.text(f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join(":" + n for n in values)})'),
                       values)


def _add_user(connection, user_id: int) -> None:
    _insert(connection, "user", id=user_id, email=f"u{user_id}@example.org", name=f"User {user_id}",
            session_token=f"t{user_id}", bio="", is_admin=False, is_active=True, created_at=NOW, timezone="UTC",
            email_confirmed_at=NOW)


def _seed_0009_rows() -> None:
    with db.engine.begin() as connection:
        _add_user(connection, 1)
        _insert(connection, "track", id=1, slug="web", title="Web", summary="", skills="[]", overview_html="",
                completion="{}", certificate="{}", source_path="", content_hash="", version=1, is_archived=False,
                created_at=NOW, updated_at=NOW)
        _insert(connection, "cohort", id=1, name="Spring", track_id=1, starts_on=date(2026, 3, 1),
                ends_on=date(2026, 5, 1), timezone="UTC", status="running", description="",
                review_policy="any_mentor", review_turnaround_hours=48, version=1, seats_taken=0, created_at=NOW,
                learners_request_mentors=False, request_response_days=3, required_language="")
        _insert(connection, "notification_preference", id=1, user_id=1, submission_alerts="daily",
                email_reviews=True, email_reminders=False)


def test_existing_cohorts_and_preferences_get_the_defaults_and_downgrading_removes_everything(app_at_0009):
    _seed_0009_rows()
    assert not NEW_TABLES & _tables()
    upgrade(revision="0010")
    assert NEW_TABLES <= _tables()
    with db.engine.connect() as connection:
        cohort = connection.execute(sa.text(
            "SELECT ask_response_hours, ask_nudge_days, ask_timeout_days FROM cohort WHERE id = 1")).one()
        preference = connection.execute(sa.text(
            "SELECT submission_alerts, email_reminders, thread_emails, quiet_from, quiet_until, digest_hour"
            " FROM notification_preference WHERE id = 1")).one()
    assert tuple(cohort) == (24, "2,5,9", 14)
    assert (preference[0], bool(preference[1])) == ("daily", False)  # what was there is kept
    assert tuple(preference[2:]) == ("immediate", None, None, 8)
    downgrade(revision="0009")
    assert not NEW_TABLES & _tables()
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT submission_alerts FROM notification_preference")).scalar() == "daily"
        assert connection.execute(sa.text("SELECT name FROM cohort")).scalar() == "Spring"


def test_the_database_refuses_half_set_quiet_hours_and_out_of_range_settings(app_at_0009):
    upgrade(revision="0010")
    with db.engine.begin() as connection:
        _add_user(connection, 2)
    for values in ("22 * 60, NULL, 8", "NULL, NULL, 24", "1500, 60, 8"):
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO notification_preference (user_id, submission_alerts, email_reviews, email_reminders,"
                f" thread_emails, quiet_from, quiet_until, digest_hour) VALUES (2, 'daily', true, true, 'never',"
                f" {values})"))
