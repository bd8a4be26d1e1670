"""The migrations build the schema the models describe, from an empty database."""
from __future__ import annotations

import os
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import Enum, MetaData, create_engine, func, inspect, make_url, select, text
from sqlalchemy.exc import IntegrityError

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
def unmigrated_app(empty_database_url, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def migrated_app(unmigrated_app):
    upgrade()
    return unmigrated_app


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


NOW = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)

# A little of everything at revision 0001, parents first: a row in every table 0003
# recreates on SQLite (every table with an enum column) and in every table referring to one.
ROWS_AT_0001 = {
    "user": [
        dict(id=1, email="lea@example.org", name="Lea", is_admin=False, is_active=True, created_at=NOW, bio="",
             skills=["html"], timezone="Europe/Berlin", session_token="a" * 16),
        dict(id=2, email="max@example.org", name="Max", is_admin=False, is_active=True, created_at=NOW, bio="",
             skills=[], timezone="UTC", session_token="b" * 16),
    ],
    "track": [dict(id=1, slug="web", title="Web", summary="", skills=[], overview_html="", completion={},
                   certificate={}, source_path="", content_hash="", version=1, is_archived=False,
                   created_at=NOW, updated_at=NOW)],
    "track_version": [dict(id=1, track_id=1, number=1, content_hash="h", changes={}, imported_at=NOW,
                           imported_by_id=2)],
    "track_asset": [dict(id=1, track_id=1, path="a.png", media_type="image/png", content=b"png", content_hash="h")],
    "module": [dict(id=1, track_id=1, slug="basics", title="Basics", intro_html="", position=0, is_archived=False)],
    "lesson": [dict(id=1, track_id=1, module_id=1, slug="html", title="HTML", kind="assignment", position=0,
                    objectives=[], body_html="", toc=[], spec={"pass_points": 2}, source_path="", content_hash="",
                    is_archived=False)],
    "cohort": [dict(id=1, name="Autumn", track_id=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 18),
                    timezone="UTC", capacity=10, status="running", description="", review_policy="assigned_mentor",
                    review_turnaround_hours=48, version=2, seats_taken=1, created_at=NOW)],
    "enrollment": [
        dict(id=1, cohort_id=1, user_id=1, role="learner", status="active", enrolled_at=NOW, mentor_id=2,
             goals="Learn pandas"),
        dict(id=2, cohort_id=1, user_id=2, role="mentor", status="active", enrolled_at=NOW, mentor_id=None,
             goals=""),
    ],
    "mentor_assignment": [dict(id=1, enrollment_id=1, mentor_id=2, assigned_by_id=2, assigned_at=NOW, reason="")],
    "cohort_deadline": [dict(id=1, cohort_id=1, lesson_id=1, due_at=NOW, set_by_id=2, set_at=NOW)],
    "csv_enrollment_plan": [dict(id=1, token="t", cohort_id=1, created_by_id=2, created_at=NOW, filename="a.csv",
                                 content="email\n", role="mentor", preview=[])],
    "submission": [dict(id=1, cohort_id=1, enrollment_id=1, user_id=1, lesson_id=1, status="approved",
                        attempt_count=1, claimed_by_id=2, created_at=NOW, updated_at=NOW, version=3)],
    "attempt": [dict(id=1, submission_id=1, number=1, text="Done", submitted_at=NOW, is_late=False,
                     idempotency_key="k")],
    "attempt_file": [dict(id=1, attempt_id=1, storage_key="s", filename="a.txt", extension="txt", size=1,
                          created_at=NOW)],
    "review": [dict(id=1, submission_id=1, attempt_id=1, reviewer_id=2, decision="approve", rubric_snapshot=[],
                    scores=[], total_points=3, max_points=3, passed=True, feedback="Good", created_at=NOW)],
    "lesson_progress": [dict(id=1, user_id=1, lesson_id=1, completed_at=NOW)],
    "quiz_attempt": [dict(id=1, user_id=1, lesson_id=1, number=1, answers=[[0]], correct=1, total=1, percent=100,
                          passed=True, submitted_at=NOW)],
    "certificate": [dict(id=1, user_id=1, cohort_id=1, track_id=1, status="issued", code="C", code_hash="ch",
                         learner_name="Lea", track_slug="web", track_title="Web", track_version=1,
                         cohort_name="Autumn", cohort_starts_on=date(2026, 9, 1), cohort_ends_on=date(2026, 12, 18),
                         completed_at=NOW, mentor_names=["Max"], skills=[], title="Certificate", statement="",
                         criteria="", identity_salt="s", identity_hash="h", created_at=NOW, issued_at=NOW,
                         issued_by_id=2)],
    "cohort_certificate_settings": [dict(id=1, cohort_id=1, requires_approval=True, updated_at=NOW,
                                         updated_by_id=2)],
    "account_token": [dict(id=1, user_id=1, purpose="reset", token_hash="th", created_at=NOW, expires_at=NOW)],
    "notification_preference": [dict(id=1, user_id=2, submission_alerts="daily", email_reviews=True,
                                     email_reminders=False)],
    "outbox_email": [dict(id=1, to="lea@example.org", subject="Hi", text="Hi", status="sent", attempts=1,
                          next_attempt_at=NOW, dedupe_key="d", created_at=NOW)],
}


def _every_row() -> dict[str, list[dict]]:
    metadata = MetaData()
    with db.engine.connect() as connection:
        metadata.reflect(connection)
        return {name: [row._asdict() for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns))]
                for name, table in metadata.tables.items() if name != "alembic_version"}


@pytest.fixture
def app_with_rows_at_0001(unmigrated_app):
    upgrade(revision="0001")
    metadata = MetaData()
    with db.engine.begin() as connection:
        metadata.reflect(connection)
        for name, rows in ROWS_AT_0001.items():
            connection.execute(metadata.tables[name].insert(), rows)
    return unmigrated_app


# Moved by 0002 from users to enrolments (tests/test_migration_0002_progress.py says how).
MOVED_TO_ENROLMENTS = {"lesson_progress", "quiz_attempt"}
# Columns added since 0001, with the value existing rows get: (table, column) -> value.
ADDED_COLUMNS = {("outbox_email", "secret_body"): False, ("certificate", "status_list_index"): 0,
                 ("cohort", "learners_request_mentors"): False, ("cohort", "request_response_days"): 3,
                 ("cohort", "required_language"): "", ("cohort", "ask_response_hours"): 24,
                 ("cohort", "ask_nudge_days"): "2,5,9", ("cohort", "ask_timeout_days"): 14,
                 ("notification_preference", "thread_emails"): "immediate",
                 ("notification_preference", "quiet_from"): None, ("notification_preference", "quiet_until"): None,
                 ("notification_preference", "digest_hour"): 8,
                 ("outbox_email", "calendar"): None,
                 ("user", "language"): None, ("track", "language"): None, ("certificate", "language"): None,
                 ("cohort_certificate_settings", "language"): None}
# Moved by 0008 into tables of their own (tests/test_migration_0008_mentoring.py says how):
# (table, column) -> the tables that hold them now.
MOVED_COLUMNS = {("user", "skills"): "user_skill", ("enrollment", "goals"): "goal"}
# Filled by 0008 from existing rows: the moved columns, primary mentors, a profile per user.
FILLED_TABLES = {"user_skill", "goal", "mentorship", "profile"}
# Filled with the moment of the upgrade (existing accounts count as confirmed).
ADDED_MOMENTS = {("user", "email_confirmed_at")}


def _without_added_columns(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    for (table, column), value in ADDED_COLUMNS.items():
        assert [row.pop(column) for row in rows[table]] == [value] * len(rows[table]), (table, column)
    for table, column in ADDED_MOMENTS:
        assert all(row.pop(column) is not None for row in rows[table]), (table, column)
    return rows


def test_upgrading_and_downgrading_keep_existing_rows(app_with_rows_at_0001):
    before = _every_row()
    assert all(before[name] for name in ROWS_AT_0001)
    upgrade()
    after = _without_added_columns(_every_row())
    assert {name for name in FILLED_TABLES if after.pop(name)} == FILLED_TABLES
    # 0017's page cache versions: the upgrade changed tables, so their versions went up.
    assert {row["name"] for row in after.pop("table_version")} >= set(ROWS_AT_0001)
    compared = {name: [dict(row) for row in rows] for name, rows in before.items()}
    for (table, column) in MOVED_COLUMNS:
        for row in compared[table]:
            del row[column]
    # 0006 renders each attempt's text into the new text_html column.
    assert [row.pop("text_html") for row in after["attempt"]] == ["<p>Done</p>"]
    assert {name: rows for name, rows in after.items() if name in compared and name not in MOVED_TO_ENROLMENTS} \
        == {name: rows for name, rows in compared.items() if name not in MOVED_TO_ENROLMENTS}
    assert {name: rows for name, rows in after.items() if name not in compared and rows} == {}
    for name in MOVED_TO_ENROLMENTS:
        assert [(row["id"], row["enrollment_id"], row["credited_from_id"]) for row in after[name]] == [(1, 1, None)]
    assert after["progress_archive"] == []
    downgrade(revision="0001")
    assert _every_row() == before


def test_foreign_keys_are_enforced_again_after_migrating_sqlite(app_with_rows_at_0001):
    upgrade()
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the pragma is SQLite's")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []


def _enum_columns():
    return [(table.name, column.name) for table in db.metadata.sorted_tables for column in table.columns
            if isinstance(column.type, Enum)]


def test_every_enum_column_has_its_check_constraint(migrated_app):
    with db.engine.connect() as connection:
        inspector = inspect(connection)
        found = {(table, check["name"]) for table in db.metadata.tables
                 for check in inspector.get_check_constraints(table)}
    assert [(table, f"ck_{table}_{column}") for table, column in _enum_columns()
            if (table, f"ck_{table}_{column}") not in found] == []


def _insert_email(status: str, dedupe_key: str) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(
            'INSERT INTO outbox_email ("to", subject, text, status, attempts, next_attempt_at, dedupe_key, created_at)'
            " VALUES ('lea@example.org', 'Hi', 'Hi', :status, 0, :now, :dedupe_key, :now)"),
            {"status": status, "dedupe_key": dedupe_key, "now": NOW})


def test_inserting_an_unknown_enum_value_is_refused(migrated_app):
    _insert_email("pending", "known")
    with pytest.raises(IntegrityError):
        _insert_email("lost", "unknown")


# Tables with an enum column that come after 0001 and that no migration fills: a row each.
ROWS_AT_HEAD = {
    "goal_checkin": [dict(id=1, goal_id=1, author_id=2, body="Good", body_html="<p>Good</p>", visibility="shared",
                          created_at=NOW)],
    "mentor_request": [dict(id=1, enrollment_id=1, role="skill", skill="css", message="", status="open",
                            created_at=NOW, version=1)],
    "mentor_request_pick": [dict(id=1, request_id=1, rank=1, mentor_id=2, status="asked", decline_reason="")],
    "ask": [dict(id=1, cohort_id=1, enrollment_id=1, user_id=1, title="Pricing table?", body="", body_html="",
                 skill="", urgency="normal", state="awaiting_mentor", stage="own_mentors", offered_at=NOW,
                 waiting_since=NOW, nudges_sent=0, thanks_note="", thanks_public=False, thanks_shown=False,
                 created_at=NOW, updated_at=NOW, version=1)],
    "ask_reply": [dict(id=1, ask_id=1, author_id=2, kind="reply", body="Yes", body_html="<p>Yes</p>",
                       created_at=NOW)],
    "availability_exception": [dict(id=1, mentor_id=2, kind="away", starts_at=NOW, ends_at=NOW + timedelta(days=1),
                                    note="", created_at=NOW)],
    "booking": [dict(id=1, cohort_id=1, enrollment_id=1, learner_id=1, mentor_id=2, starts_at=NOW,
                     ends_at=NOW + timedelta(minutes=30), busy_until=NOW + timedelta(minutes=40), minutes=30,
                     status="confirmed", agenda="", agenda_html="", video_url="https://meet.jit.si/x", uid="b1",
                     sequence=0, reschedules=0, cancel_reason="", created_at=NOW, updated_at=NOW, version=1)],
    "booking_event": [dict(id=1, booking_id=1, kind="booked", actor_id=1, reason="", created_at=NOW)],
    "workshop": [dict(id=1, cohort_id=1, host_id=2, kind="workshop", title="Pricing", description="",
                      description_html="", starts_at=NOW, ends_at=NOW + timedelta(hours=1), timezone="UTC", seats=10,
                      seats_taken=1, video_url="https://meet.jit.si/y", recording_url="", status="scheduled",
                      cancel_reason="", uid="w1", sequence=0, created_at=NOW, updated_at=NOW, version=1)],
    "workshop_registration": [dict(id=1, workshop_id=1, user_id=1, status="registered", created_at=NOW,
                                   updated_at=NOW)],
    "peer_review": [dict(id=1, submission_id=1, attempt_id=1, lesson_id=1, cohort_id=1, reviewer_id=2,
                         reviewer_enrollment_id=2, status="submitted", leased_at=NOW, lease_expires_at=NOW,
                         scores=[], rubric_snapshot=[], total_points=0, max_points=0, comment="", comment_html="",
                         report_status="none", report_reason="", version=1)],
    "space": [dict(id=1, kind="track", track_id=1, cohort_id=None, code_of_conduct="", created_at=NOW)],
    "topic": [dict(id=1, space_id=1, author_id=1, title="Hello", kind="question", is_pinned=False, is_locked=False,
                   is_hidden=False, hide_reason="", post_count=1, last_post_at=NOW, created_at=NOW, version=1)],
    "post": [dict(id=1, topic_id=1, author_id=1, body="Hi", body_html="<p>Hi</p>", created_at=NOW, is_hidden=False,
                  hide_reason="", is_accepted=False, version=1)],
    "post_report": [dict(id=1, post_id=1, reporter_id=2, reason="", created_at=NOW, outcome="open")],
    "peer_mentor_seat": [dict(id=1, cohort_id=1, user_id=2, completed_enrollment_id=1, status="invited",
                              invited_at=NOW, end_reason="", version=1)],
    "api_token": [dict(id=1, user_id=1, kind="personal", name="script", scopes="tracks:read", token_hash="h" * 64,
                       prefix="lms_abcdefgh", created_at=NOW, expires_at=NOW + timedelta(days=30))],
    "webhook_endpoint": [dict(id=1, url="https://hr.example.org/hook", description="", events="ask.opened",
                              secret="whsec_x", is_active=True, consecutive_failures=0, created_at=NOW, version=1)],
    "webhook_delivery": [dict(id=1, endpoint_id=1, event_id="msg_1", event_type="ask.opened", payload="{}",
                              status="pending", attempts=0, next_attempt_at=NOW, created_at=NOW)],
}


def _upgrade_with_rows_in_every_table() -> None:
    upgrade()
    metadata = MetaData()
    with db.engine.begin() as connection:
        metadata.reflect(connection)
        for name, rows in ROWS_AT_HEAD.items():
            connection.execute(metadata.tables[name].insert(), rows)
        empty = [name for name in sorted({table for table, _ in _enum_columns()})
                 if connection.execute(select(func.count()).select_from(metadata.tables[name])).scalar() == 0]
    assert empty == [], "every table with an enum column needs a row for the enum checks"


def test_every_enum_column_refuses_an_unknown_value(app_with_rows_at_0001):
    _upgrade_with_rows_in_every_table()
    accepted = []
    for table, column in _enum_columns():
        try:
            with db.engine.begin() as connection:
                connection.execute(text(f'UPDATE "{table}" SET {column} = :value'), {"value": "unknown"})
        except IntegrityError:
            continue
        accepted.append(f"{table}.{column}")
    assert accepted == []


def test_every_enum_value_of_the_models_is_accepted_by_the_migrated_database(app_with_rows_at_0001):
    # A member added to an enum needs a migration that widens its CHECK; the tests' own
    # schema comes from create_all and would not notice.
    _upgrade_with_rows_in_every_table()
    refused = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, Enum):
                continue
            for value in column.type.enums:
                with db.engine.connect() as connection:
                    try:
                        connection.execute(text(f'UPDATE "{table.name}" SET {column.name} = :value'),
                                           {"value": value})
                    except IntegrityError:
                        refused.append(f"{table.name}.{column.name}={value}")
                    connection.rollback()
    assert refused == []
