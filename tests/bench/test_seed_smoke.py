"""bench/seed.py on a tiny organisation (SQLite): the rows keep the app's invariants and a
seeded learner can sign in and open their dashboard."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from bench import seed
from lms import create_app
from lms.extensions import db

# Each query returns the rows that break one invariant: every one must return none.
BROKEN = {
    "seats taken = active or completed learners": (
        "SELECT c.id FROM cohort c WHERE c.seats_taken <> (SELECT count(*) FROM enrollment e WHERE "
        "e.cohort_id = c.id AND e.role = 'learner' AND e.status IN ('active', 'completed'))"),
    "attempt_count = the latest attempt's number": (
        "SELECT s.id FROM submission s WHERE s.attempt_count <> (SELECT max(a.number) FROM attempt a "
        "WHERE a.submission_id = s.id)"),
    "waiting work has an unreviewed latest attempt": (
        "SELECT s.id FROM submission s JOIN attempt a ON a.submission_id = s.id AND a.number = s.attempt_count "
        "JOIN review r ON r.attempt_id = a.id WHERE s.status IN ('submitted', 'in_review')"),
    "decided work has a reviewed latest attempt": (
        "SELECT s.id FROM submission s JOIN attempt a ON a.submission_id = s.id AND a.number = s.attempt_count "
        "LEFT JOIN review r ON r.attempt_id = a.id WHERE s.status IN ('approved', 'not_passed', "
        "'changes_requested') AND r.id IS NULL"),
    "a review belongs to its attempt's submission": (
        "SELECT r.id FROM review r JOIN attempt a ON a.id = r.attempt_id WHERE a.submission_id <> r.submission_id"),
    "approved work has an approving review": (
        "SELECT s.id FROM submission s JOIN attempt a ON a.submission_id = s.id AND a.number = s.attempt_count "
        "JOIN review r ON r.attempt_id = a.id WHERE s.status = 'approved' AND r.decision <> 'approve'"),
    "a primary mentor is an active primary mentorship": (
        "SELECT e.id FROM enrollment e LEFT JOIN mentorship m ON m.enrollment_id = e.id AND m.status = 'active' "
        "AND m.role = 'primary' WHERE e.role = 'learner' AND coalesce(e.mentor_id, 0) <> coalesce(m.mentor_id, 0)"),
    "mentors' counters match their active relationships": (
        "SELECT p.user_id FROM profile p WHERE p.active_mentees <> (SELECT count(*) FROM mentorship m WHERE "
        "m.mentor_id = p.user_id AND m.status = 'active')"),
    "a primary mentor mentors in the cohort": (
        "SELECT e.id FROM enrollment e WHERE e.mentor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enrollment m "
        "WHERE m.cohort_id = e.cohort_id AND m.user_id = e.mentor_id AND m.role = 'mentor')"),
    "topics count their visible posts": (
        "SELECT t.id FROM topic t WHERE t.post_count <> (SELECT count(*) FROM post p WHERE p.topic_id = t.id "
        "AND NOT p.is_hidden)"),
    "workshops count their registrations": (
        "SELECT w.id FROM workshop w WHERE w.seats_taken <> (SELECT count(*) FROM workshop_registration r WHERE "
        "r.workshop_id = w.id AND r.status = 'registered')"),
    "a certificate's learner completed in that cohort": (
        "SELECT c.id FROM certificate c LEFT JOIN enrollment e ON e.user_id = c.user_id AND e.cohort_id = c.cohort_id "
        "WHERE e.id IS NULL"),
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeded")
    url = f"sqlite:///{folder / 'seed.sqlite'}"
    assert seed.main(["--size", "S", "--learners", "30", "--database-url", url, "--quiet"]) == 0
    return url


def test_the_seeded_rows_keep_every_invariant(seeded):
    engine = create_engine(seeded)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []  # no orphan rows
        broken = {name: connection.execute(text(sql)).all() for name, sql in BROKEN.items()}
        counts = {table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar()
                  for table in ("user", "cohort", "submission", "review", "lesson_progress", "ask", "post")}
    engine.dispose()
    assert {name: rows for name, rows in broken.items() if rows} == {}
    assert counts["user"] == 30 + 6 + 2  # learners, mentors, admins
    assert counts["cohort"] == 3
    assert all(counts[table] > 0 for table in ("submission", "review", "lesson_progress", "ask", "post")), counts


def test_a_seeded_learner_signs_in_and_opens_their_dashboard(seeded, tmp_path):
    app = create_app({"SECRET_KEY": "smoke", "SQLALCHEMY_DATABASE_URI": seeded, "WTF_CSRF_ENABLED": False,
                      "INSTANCE_PATH": str(tmp_path), "JOBS_IN_PROCESS_THREAD": False})
    client = app.test_client()
    answer = client.post("/login", data={"email": "learner1@seed.test", "password": seed.PASSWORD})
    assert answer.status_code == 302
    assert client.get("/dashboard").status_code == 200
    assert client.get("/healthz").get_data(as_text=True) == "ok\n"
    with app.app_context():
        db.engine.dispose()


def test_a_database_already_seeded_is_refused(seeded):
    with pytest.raises(SystemExit, match="seed an empty database"):
        seed.main(["--size", "S", "--learners", "30", "--database-url", seeded, "--quiet"])


def test_the_biggest_cohort_can_be_given_its_size():
    from bench.seeding.plan import size_for

    assert size_for("L").biggest is None
    assert size_for("L", biggest=5_000).biggest == 5_000
    assert size_for("S", learners=60, biggest=30).biggest == 30
    assert size_for("S", learners=60, biggest=500).biggest == 60 - (size_for("S", learners=60).cohorts - 1)
