"""Migration 0012 adds peer review, community spaces and peer-mentor seats on top of 0011:
existing profiles keep their rows and get ``offers_peer_mentoring`` false, the database
enforces the new one-of rules, and it goes back down keeping the profiles."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.exc import IntegrityError

from lms import create_app
from lms.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

NOW = datetime(2026, 12, 3, 9, tzinfo=timezone.utc)
NEW_TABLES = {"peer_review", "peer_duty", "peer_calibration", "peer_block", "space", "topic", "post", "post_file",
              "post_report", "topic_follow", "conduct_agreement", "peer_mentor_seat"}


@pytest.fixture
def app_at_0011(empty_database_url, tmp_path):  # noqa: F811  (the fixture)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade(revision="0011")
        yield app
        db.session.remove()
        db.engine.dispose()


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def _execute(statement: str, **values) -> None:
    with db.engine.begin() as connection:
        connection.execute(sa.text(statement), values)


def _a_user_with_a_profile() -> None:
    _execute('INSERT INTO "user" (id, email, name, is_admin, is_active, created_at, timezone, session_token, bio) '
             "VALUES (1, 'lea@example.org', 'Lea', :false, :true, :now, 'UTC', 'aaaaaaaaaaaaaaaa', '')",
             now=NOW, false=False, true=True)
    _execute("INSERT INTO profile (user_id, headline, bio_html, languages, help_with, active_mentees, "
             "updated_at, version) VALUES (1, 'Designer', '', '[]', '', 0, :now, 1)", now=NOW)


def test_existing_profiles_stay_and_do_not_offer_peer_mentoring(app_at_0011):
    _a_user_with_a_profile()
    upgrade(revision="0012")
    assert NEW_TABLES <= _tables()
    with db.engine.connect() as connection:
        row = connection.execute(sa.text("SELECT headline, offers_peer_mentoring FROM profile")).one()
    assert row.headline == "Designer" and not row.offers_peer_mentoring


def test_downgrading_removes_the_new_tables_and_keeps_the_profiles(app_at_0011):
    _a_user_with_a_profile()
    upgrade(revision="0012")
    downgrade(revision="0011")
    assert not NEW_TABLES & _tables()
    assert "offers_peer_mentoring" not in {c["name"] for c in sa.inspect(db.engine).get_columns("profile")}
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT headline FROM profile")).scalar_one() == "Designer"


def test_after_the_migration_a_track_has_one_space_and_a_topic_one_accepted_answer(app_at_0011):
    upgrade(revision="0012")
    _a_user_with_a_profile()
    _execute("INSERT INTO track (id, slug, title, summary, skills, overview_html, completion, certificate, "
             "source_path, content_hash, version, is_archived, created_at, updated_at) VALUES (1, 'web', 'Web', '', "
             "'[]', '', '{}', '{}', '', '', 1, :false, :now, :now)", now=NOW, false=False)
    space = ("INSERT INTO space (kind, track_id, cohort_id, code_of_conduct, created_at) "
             "VALUES ('track', 1, NULL, '', :now)")
    _execute(space, now=NOW)
    with pytest.raises(IntegrityError):
        _execute(space, now=NOW)
    _execute("INSERT INTO topic (id, space_id, author_id, title, kind, is_pinned, is_locked, is_hidden, hide_reason, "
             "post_count, last_post_at, created_at, version) VALUES (1, 1, 1, 'Prices?', 'question', :false, :false, "
             ":false, '', 2, :now, :now, 1)", now=NOW, false=False)
    post = ("INSERT INTO post (topic_id, author_id, body, body_html, created_at, is_hidden, hide_reason, is_accepted, "
            "version) VALUES (1, 1, 'An answer', '', :now, :false, '', :true, 1)")
    _execute(post, now=NOW, false=False, true=True)
    with pytest.raises(IntegrityError):
        _execute(post, now=NOW, false=False, true=True)
