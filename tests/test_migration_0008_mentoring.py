"""Migration 0008 moves skills, goals and primary mentors into the mentoring tables, gives
every user a profile counting their active mentees, and gives skills and goals back on
the way down."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

NOW = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
ASSIGNED = datetime(2026, 3, 9, 14, tzinfo=timezone.utc)


@pytest.fixture
def app_at_0007(empty_database_url, tmp_path):  # noqa: F811  (the fixture)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade(revision="0007")
        yield app
        db.session.remove()
        db.engine.dispose()


def _insert(connection, table: str, **values) -> None:
    columns = ", ".join(f'"{name}"' for name in values)
    connection.execute(sa.text(f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join(":" + n for n in values)})'),
                       values)


def _rows(sql: str) -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(sql))]


@pytest.fixture
def people(app_at_0007):
    """Lea (learning, mentored by Max), Ola (completed, mentored by Max), Max (mentor)."""
    user = dict(is_admin=False, is_active=True, created_at=NOW, timezone="UTC", email_confirmed_at=NOW)
    with db.engine.begin() as connection:
        _insert(connection, "user", id=1, email="lea@example.org", name="Lea", session_token="a",
                skills='["Python", "pandas", " python ", "Client  Calls"]', bio="", **user)
        _insert(connection, "user", id=2, email="max@example.org", name="Max", session_token="b",
                skills='["python"]', bio="Data lead. **Ask me** about pandas.", **user)
        _insert(connection, "user", id=3, email="ola@example.org", name="Ola", session_token="c", skills="[]",
                bio="", **user)
        _insert(connection, "track", id=1, slug="web", title="Web", summary="", skills="[]", overview_html="",
                completion="{}", certificate="{}", source_path="", content_hash="", version=1, is_archived=False,
                created_at=NOW, updated_at=NOW)
        _insert(connection, "cohort", id=1, name="Spring", track_id=1, starts_on=date(2026, 3, 1),
                ends_on=date(2026, 5, 1),
                timezone="UTC", status="running", description="", review_policy="any_mentor",
                review_turnaround_hours=48, version=1, seats_taken=2, created_at=NOW)
        enrollment = dict(cohort_id=1, enrolled_at=NOW)
        _insert(connection, "enrollment", id=1, user_id=1, role="learner", status="active", mentor_id=2,
                goals="Learn pandas for data work", **enrollment)
        _insert(connection, "enrollment", id=2, user_id=2, role="mentor", status="active", goals="", **enrollment)
        _insert(connection, "enrollment", id=3, user_id=3, role="learner", status="completed", mentor_id=2,
                goals="", **enrollment)
        _insert(connection, "mentor_assignment", id=1, enrollment_id=1, mentor_id=2, assigned_by_id=2,
                assigned_at=ASSIGNED, reason="matched")
    return app_at_0007


def test_skills_become_rows_at_level_working_without_duplicates(people):
    upgrade(revision="0008")
    assert _rows("SELECT user_id, skill, level FROM user_skill ORDER BY user_id, skill") == [
        (1, "client calls", "working"), (1, "pandas", "working"), (1, "python", "working"), (2, "python", "working")]


def test_stated_goals_become_goals_in_progress(people):
    upgrade(revision="0008")
    assert _rows("SELECT user_id, title, status FROM goal") == [(1, "Learn pandas for data work", "in_progress")]


def test_primary_mentors_become_mentorships_active_only_for_active_enrolments(people):
    upgrade(revision="0008")
    rows = _rows("SELECT enrollment_id, mentor_id, role, status, started_by_id, ended_at IS NULL "
                 "FROM mentorship ORDER BY enrollment_id")
    assert rows == [(1, 2, "primary", "active", 2, True), (3, 2, "primary", "ended", None, False)]


def test_every_user_gets_a_profile_counting_active_mentees_with_the_bio_rendered(people):
    upgrade(revision="0008")
    assert _rows("SELECT user_id, active_mentees, bio_html FROM profile ORDER BY user_id") == [
        (1, 0, ""), (2, 1, "<p>Data lead. <strong>Ask me</strong> about pandas.</p>"), (3, 0, "")]


def test_downgrading_gives_skills_and_goals_back(people):
    upgrade(revision="0008")
    downgrade(revision="0007")
    skills = dict(_rows('SELECT id, skills FROM "user" ORDER BY id'))
    assert [sorted(_json(skills[n])) for n in (1, 2, 3)] == [["client calls", "pandas", "python"], ["python"], []]
    assert _rows("SELECT id, goals FROM enrollment ORDER BY id") == [
        (1, "Learn pandas for data work"), (2, ""), (3, "")]


def _json(value):
    return json.loads(value) if isinstance(value, str) else value  # SQLite gives the text back
