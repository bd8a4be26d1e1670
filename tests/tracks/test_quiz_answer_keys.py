"""Who sees a quiz's right choices: admins previewing, the track's active mentors, and an
active learner of an open or running cohort once the quiz's own rule reveals them (passed,
or out of attempts). Nobody else: not before the cohort opens, after withdrawing or after
the cohort has finished."""
from __future__ import annotations

import pytest

from lms import permissions as p
from lms.cohorts.models import CohortStatus, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.progress import services
from tests.factories import cohorts as cohort_factories
from tests.factories.auth import make_admin, make_user
from tests.factories.tracks import enroll, lesson

URL = "/tracks/good/lessons/check"
RIGHT = [[1], [0, 2]]
WRONG = [[0], [1]]


def _learner(track, *, cohort_status=CohortStatus.RUNNING, status=EnrollmentStatus.ACTIVE, attempts=()):
    """A learner of a new cohort of ``track``, with ``attempts`` (answer sheets) already recorded."""
    user = make_user()
    cohort = cohort_factories.make_cohort(track, status=CohortStatus.RUNNING)
    enrollment = cohort_factories.enrol(cohort, user)
    for sheet in attempts:
        services.submit_quiz(enrollment, lesson(track, "check"), sheet)
    cohort.status, enrollment.status = cohort_status, status
    db.session.commit()
    return user


def _shows_key(page: str) -> bool:
    return "Right answer" in page or "quiz-review__choice--right" in page


ACTORS = {
    # name: (how to make them, whether they see the right choices on the quiz page)
    "draft cohort learner": (lambda t: _learner(t, cohort_status=CohortStatus.DRAFT), False),
    "open cohort learner before an attempt": (lambda t: _learner(t, cohort_status=CohortStatus.OPEN), False),
    "withdrawn learner": (lambda t: _learner(t, status=EnrollmentStatus.WITHDRAWN), False),
    "withdrawn learner who had used every attempt": (
        lambda t: _learner(t, status=EnrollmentStatus.WITHDRAWN, attempts=[WRONG, WRONG]), False),
    "finished cohort learner": (lambda t: _learner(t, cohort_status=CohortStatus.FINISHED), False),
    "finished cohort learner who had passed": (
        lambda t: _learner(t, cohort_status=CohortStatus.FINISHED, attempts=[RIGHT]), False),
    "completed learner who had passed": (
        lambda t: _learner(t, status=EnrollmentStatus.COMPLETED, attempts=[RIGHT]), False),
    "active learner before passing": (lambda t: _learner(t, attempts=[WRONG]), False),
    "active learner after passing": (lambda t: _learner(t, attempts=[RIGHT]), True),
    "active learner out of attempts": (lambda t: _learner(t, attempts=[WRONG, WRONG]), True),
    "active mentor": (lambda t: _mentor(t, EnrollmentStatus.ACTIVE), True),
    "withdrawn mentor": (lambda t: _mentor(t, EnrollmentStatus.WITHDRAWN), False),
    "admin": (lambda t: make_admin(), True),
}


def _mentor(track, status):
    user = make_user()
    enroll(user, track, role=EnrollmentRole.MENTOR, status=status)
    return user


@pytest.mark.parametrize("actor", list(ACTORS))
def test_the_answer_key_is_shown_only_to_those_the_quiz_allows(client, auth, track, actor):
    make, allowed = ACTORS[actor]
    user = make(track)
    auth.login_as(user)
    pages = [client.get(URL), client.get(URL + "?attempt=1")]
    assert all(response.status_code in (200, 404) for response in pages)
    assert any(_shows_key(response.get_data(as_text=True)) for response in pages) is allowed


@pytest.mark.parametrize("actor", list(ACTORS))
def test_the_rule_lives_in_permissions(app, track, actor):
    make, allowed = ACTORS[actor]
    user = make(track)
    quiz = lesson(track, "check")
    enrollment = db.session.scalar(db.select(Enrollment).where(
        Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.LEARNER))
    attempts = services.attempts_of(enrollment, quiz)
    assert p.can_see_quiz_answers(user, quiz, enrollment, attempts) is allowed


def test_a_draft_cohort_learner_reads_the_questions_but_cannot_answer_them(client, auth, track):
    user = _learner(track, cohort_status=CohortStatus.DRAFT)
    auth.login_as(user)
    page = client.get(URL).get_data(as_text=True)
    assert "Which is a <code>block</code> element?" in page
    assert "opens when your cohort does" in page
    assert 'name="q0"' not in page
    response = client.post(URL + "/attempts", data={"q0": ["1"], "q1": ["0", "2"]})
    assert response.status_code == 403


def test_a_withdrawn_learner_is_told_why_the_quiz_is_closed(client, auth, track):
    user = _learner(track, status=EnrollmentStatus.WITHDRAWN, attempts=[WRONG])
    auth.login_as(user)
    page = client.get(URL).get_data(as_text=True)
    assert "You are no longer enrolled in" in page and "Your best score there was 0%." in page
    assert 'name="q0"' not in page and not _shows_key(page)
