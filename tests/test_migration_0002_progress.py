"""Migration 0002 moves lesson completions and quiz attempts from users to the enrolment
they were made in, keeps what cannot be attached, and goes back down without loss."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

WINTER_START = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
SPRING_START = datetime(2026, 4, 6, 9, tzinfo=timezone.utc)


def _filled(table: sa.Table, values: dict) -> dict:
    """``values`` plus a plain value for every other NOT NULL column without a default."""
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        kind = column.type
        if isinstance(kind, sa.Boolean):
            row[column.name] = False
        elif isinstance(kind, sa.Integer):
            row[column.name] = 0
        elif isinstance(kind, sa.DateTime):
            row[column.name] = WINTER_START
        elif isinstance(kind, sa.Date):
            row[column.name] = date(2026, 1, 5)
        elif isinstance(kind, sa.JSON):
            row[column.name] = {}
        else:
            row[column.name] = "x"
    return row


class Rows:
    def __init__(self, connection):
        self.connection = connection
        self.meta = sa.MetaData()
        self.meta.reflect(connection)

    def add(self, table: str, **values) -> int:
        t = self.meta.tables[table]
        return self.connection.execute(t.insert().values(**_filled(t, values))).inserted_primary_key[0]

    def all(self, table: str) -> list[dict]:
        t = self.meta.tables[table]
        return [dict(r) for r in self.connection.execute(sa.select(t).order_by(t.c.id)).mappings()]


@pytest.fixture
def app_at_0001(empty_database_url, tmp_path):  # noqa: F811
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade(revision="0001")
        yield app
        db.session.remove()
        db.engine.dispose()


def _world(rows: Rows) -> dict:
    ana = rows.add("user", email="ana@example.org", name="Ana", session_token="a")
    ben = rows.add("user", email="ben@example.org", name="Ben", session_token="b")
    track = rows.add("track", slug="web", title="Web", is_archived=False)
    other_track = rows.add("track", slug="other", title="Other", is_archived=False)
    intro = rows.add("lesson", track_id=track, slug="intro", title="Intro", kind="lesson")
    quiz = rows.add("lesson", track_id=track, slug="check", title="Check", kind="quiz")
    elsewhere = rows.add("lesson", track_id=other_track, slug="far", title="Far", kind="lesson")
    winter = rows.add("cohort", name="Winter", track_id=track, status="finished", review_policy="any_mentor",
                      seats_taken=1)
    spring = rows.add("cohort", name="Spring", track_id=track, status="running", review_policy="any_mentor",
                      seats_taken=1)
    ana_winter = rows.add("enrollment", cohort_id=winter, user_id=ana, role="learner", status="completed",
                          enrolled_at=WINTER_START)
    ana_spring = rows.add("enrollment", cohort_id=spring, user_id=ana, role="learner", status="active",
                          enrolled_at=SPRING_START)
    # Ana read the intro in winter and passed the quiz in spring; Ben has no enrolment in "other".
    rows.add("lesson_progress", user_id=ana, lesson_id=intro, completed_at=datetime(2026, 1, 20, tzinfo=timezone.utc))
    rows.add("quiz_attempt", user_id=ana, lesson_id=quiz, number=1, answers=[], correct=1, total=2, percent=50,
             passed=False, submitted_at=datetime(2026, 2, 1, tzinfo=timezone.utc))
    rows.add("quiz_attempt", user_id=ana, lesson_id=quiz, number=2, answers=[], correct=2, total=2, percent=100,
             passed=True, submitted_at=datetime(2026, 4, 10, tzinfo=timezone.utc))
    # Made before any enrolment started: goes to the earliest enrolment.
    rows.add("lesson_progress", user_id=ana, lesson_id=quiz, completed_at=datetime(2025, 12, 1, tzinfo=timezone.utc))
    rows.add("lesson_progress", user_id=ben, lesson_id=elsewhere, completed_at=WINTER_START)
    return dict(ana=ana, ben=ben, intro=intro, quiz=quiz, elsewhere=elsewhere,
                ana_winter=ana_winter, ana_spring=ana_spring)


def test_rows_move_to_the_enrolment_they_were_made_in(app_at_0001):
    with db.engine.begin() as connection:
        world = _world(Rows(connection))
    upgrade(revision="0002")
    with db.engine.connect() as connection:
        rows = Rows(connection)
        progress = {r["lesson_id"]: r["enrollment_id"] for r in rows.all("lesson_progress")}
        attempts = {r["number"]: r["enrollment_id"] for r in rows.all("quiz_attempt")}
        archive = rows.all("progress_archive")
        columns = {c.name for c in rows.meta.tables["lesson_progress"].columns}
    assert progress == {world["intro"]: world["ana_winter"], world["quiz"]: world["ana_winter"]}
    assert attempts == {1: world["ana_winter"], 2: world["ana_spring"]}
    assert "user_id" not in columns and {"enrollment_id", "credited_from_id"} <= columns
    [kept] = archive
    assert (kept["kind"], kept["user_id"], kept["lesson_id"]) == ("lesson_progress", world["ben"], world["elsewhere"])
    assert kept["data"]["user_id"] == world["ben"]


def test_enrolment_is_required_and_unique_per_lesson_after_the_upgrade(app_at_0001):
    with db.engine.begin() as connection:
        world = _world(Rows(connection))
    upgrade(revision="0002")
    with pytest.raises(sa.exc.IntegrityError):
        with db.engine.begin() as connection:
            Rows(connection).add("lesson_progress", enrollment_id=world["ana_winter"], lesson_id=world["intro"])
    with pytest.raises(sa.exc.IntegrityError):
        with db.engine.begin() as connection:
            Rows(connection).add("lesson_progress", enrollment_id=None, lesson_id=world["intro"])


def test_downgrade_gives_the_rows_back_to_their_users(app_at_0001):
    with db.engine.begin() as connection:
        world = _world(Rows(connection))
    upgrade(revision="0002")
    with db.engine.begin() as connection:  # a credited copy in spring of the winter intro
        Rows(connection).add("lesson_progress", enrollment_id=world["ana_spring"], lesson_id=world["intro"],
                             credited_from_id=world["ana_winter"])
    downgrade(revision="0001")
    with db.engine.connect() as connection:
        rows = Rows(connection)
        progress = sorted((r["user_id"], r["lesson_id"]) for r in rows.all("lesson_progress"))
        attempts = sorted((r["user_id"], r["number"]) for r in rows.all("quiz_attempt"))
    assert progress == sorted([(world["ana"], world["intro"]), (world["ana"], world["quiz"])])
    assert attempts == [(world["ana"], 1), (world["ana"], 2)]
