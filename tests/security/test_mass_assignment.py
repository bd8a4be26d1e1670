"""Mass assignment: extra fields posted into a form change nothing they should not.

Learner B posts every form they can use with fields the form does not have (scores,
statuses, owners, ``is_admin``) and learner A's ids in them. Only the fields the form
offers take effect, and only on learner B's own rows.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts.models import Enrollment
from lms.extensions import db
from lms.notifications.models import NotificationPreference
from lms.progress.models import LessonProgress, QuizAttempt
from lms.reviews.models import Review
from lms.submissions.models import Submission, SubmissionStatus
from lms.tracks.models import Lesson
from tests.factories.auth import PASSWORD
from tests.factories.scenario import TwoCohorts, two_cohorts
from tests.security.conftest import changed_tables, sign_in_as, snapshot


@pytest.fixture
def world(app) -> TwoCohorts:
    return two_cohorts()


def smuggled(w: TwoCohorts) -> dict:
    """Fields no learner form offers, pointing at learner A, cohort A and their work."""
    return {
        "score": "100", "total": "100", "points": "100", "total_points": "100", "max_points": "1",
        "percent": "100", "passed": "y", "correct": "99", "status": "approved", "decision": "approve",
        "mentor_id": str(w.learner_b), "cohort_id": str(w.cohort_a), "user_id": str(w.learner_a),
        "enrollment_id": str(w.enrollment_a), "submission_id": str(w.submission_a), "lesson_id": str(w.assignment_a_id),
        "is_admin": "y", "is_active": "n", "email": "taken-over@example.org", "session_token": "fixed",
        "password_hash": "x", "id": str(w.learner_a), "role": "mentor", "version": "99", "number": "7",
        "completed_at": "2000-01-01", "submission_alerts": "daily",
    }


def _lesson(track_slug: str, slug: str) -> Lesson:
    from lms.tracks.models import Track
    return db.session.scalar(select(Lesson).join(Track).where(Track.slug == track_slug, Lesson.slug == slug))


def _user(user_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def test_profile_form_changes_only_the_profile_fields_of_its_user(client, world):
    sign_in_as(client, world, "learner_b")
    before = snapshot()
    from lms.profiles.services import profile_or_blank, version_token

    me = _user(world.learner_b)
    version = version_token(me, profile_or_blank(me.id))  # what the form carries, as a browser would send it
    response = client.post("/profile", data={**smuggled(world), "name": "Ben B", "bio": "Hi",
                                              "timezone": "Europe/Berlin", "version": version})
    assert response.status_code == 302
    assert changed_tables(before, snapshot()) == ["profile", "user"]
    me = _user(world.learner_b)
    assert (me.name, me.bio, me.timezone) == ("Ben B", "Hi", "Europe/Berlin")
    assert not me.is_admin and me.is_active and me.email.startswith("learner-b")
    assert me.session_token != "fixed" and me.password_hash != "x"
    other = _user(world.learner_a)
    assert (other.name, other.email, other.is_admin) == ("Lea Learner", world.email(world.learner_a), False)


def test_password_form_cannot_change_anything_but_the_password(client, world):
    sign_in_as(client, world, "learner_b")
    before = _user(world.learner_b)
    name, email = before.name, before.email
    other_hash = _user(world.learner_a).password_hash
    response = client.post("/profile/password", data={**smuggled(world), "current_password": PASSWORD,
                                                       "new_password": "another long passphrase",
                                                       "confirm": "another long passphrase"})
    assert response.status_code == 302
    me = _user(world.learner_b)
    assert (me.name, me.email, me.is_admin, me.is_active) == (name, email, False, True)
    assert _user(world.learner_a).password_hash == other_hash


def test_hand_in_is_always_a_new_waiting_attempt_of_its_own_learner(client, world):
    lesson = _lesson(world.track_b, "first-site")
    sign_in_as(client, world, "learner_b")
    a_before = db.session.get(Submission, world.submission_a)
    a_state = (a_before.status, a_before.attempt_count, a_before.version)
    response = client.post(f"/submissions/cohort/{world.cohort_b}/lesson/{lesson.id}", data={
        **smuggled(world), "idempotency_key": "0123456789abcdef0123456789abcdef", "text": "Mine",
        "submit": "Hand in"})
    assert response.status_code == 302
    db.session.expire_all()
    mine = db.session.scalar(select(Submission).where(Submission.user_id == world.learner_b))
    assert (mine.cohort_id, mine.lesson_id, mine.status, mine.attempt_count) == (
        world.cohort_b, lesson.id, SubmissionStatus.SUBMITTED, 1)
    assert db.session.scalar(select(Review).where(Review.submission_id == mine.id)) is None
    theirs = db.session.get(Submission, world.submission_a)
    assert (theirs.status, theirs.attempt_count, theirs.version) == a_state


def _learner_of(row) -> int:
    """The user whose enrolment a progress row belongs to."""
    return db.session.get(Enrollment, row.enrollment_id).user_id


def test_quiz_attempt_is_graded_by_the_server_for_its_own_learner(client, world):
    quiz = _lesson(world.track_b, "check")
    sign_in_as(client, world, "learner_b")
    response = client.post(f"/tracks/{world.track_b}/lessons/check/attempts",
                           data={**smuggled(world), "q0": "0", "q1": "1"})  # both wrong
    assert response.status_code == 302
    attempts = db.session.scalars(select(QuizAttempt)).all()
    assert [(_learner_of(a), a.lesson_id, a.correct, a.percent, a.passed, a.number) for a in attempts] == [
        (world.learner_b, quiz.id, 0, 0, False, 1)]


def test_marking_a_lesson_complete_records_it_for_its_own_learner_only(client, world):
    sign_in_as(client, world, "learner_b")
    response = client.post(f"/tracks/{world.track_b}/lessons/welcome/complete", data=smuggled(world))
    assert response.status_code == 302
    rows = db.session.scalars(select(LessonProgress)).all()
    welcome = _lesson(world.track_b, "welcome")
    assert [(_learner_of(row), row.lesson_id) for row in rows] == [(world.learner_b, welcome.id)]
    assert rows[0].completed_at.year > 2000


def test_notification_settings_change_only_their_own_user(client, world):
    sign_in_as(client, world, "learner_b")
    response = client.post("/notifications/settings", data={**smuggled(world), "submission_alerts": "immediate"})
    assert response.status_code == 302
    rows = db.session.scalars(select(NotificationPreference)).all()
    assert [(row.user_id, row.email_reviews, row.email_reminders) for row in rows] == [(world.learner_b, False, False)]


def test_review_totals_are_computed_by_the_server(client, world):
    """A mentor's posted totals or pass flag are ignored: points come from the chosen levels."""
    submission = db.session.get(Submission, world.submission_a)
    sign_in_as(client, world, "mentor_a")
    response = client.post(f"/reviews/{world.submission_a}", data={
        **smuggled(world), "attempt_id": str(world.attempt_a), "version": str(submission.version),
        "decision": "request_changes", "level-0": "2", "level-1": "2", "comment-0": "", "comment-1": "",
        "feedback": "Again please", "reviewer_id": str(world.admin)})
    assert response.status_code == 302
    review = db.session.scalar(select(Review).where(Review.attempt_id == world.attempt_a))
    assert (review.total_points, review.max_points, review.passed, review.reviewer_id) == (1, 8, False, world.mentor_a)
