"""Withdrawal ends access at once: a withdrawn mentor no longer reads the track (answer keys
included); a withdrawn learner keeps reading their cohort's track but records nothing more."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.cohorts import enrolment
from lms.cohorts.membership import learner_enrollment
from lms.cohorts.models import CohortStatus, Enrollment, EnrollmentRole
from lms.extensions import db
from lms.progress import services
from lms.progress.models import LessonProgress, QuizAttempt
from tests.factories.auth import make_admin
from tests.factories.tracks import lesson

TRACK_PAGES = ("/tracks/good", "/tracks/good/lessons/intro", "/tracks/good/lessons/check",
               "/tracks/good/assets/fig/diagram.svg")


def _withdraw(user):
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == user.id))
    enrolment.withdraw(enrollment, make_admin())
    db.session.commit()
    return enrollment


def test_a_withdrawn_mentor_no_longer_reads_the_track(client, auth, mentor, track):
    auth.login_as(mentor)
    assert [client.get(url).status_code for url in TRACK_PAGES] == [200] * len(TRACK_PAGES)
    assert "/tracks/good" in client.get("/tracks").get_data(as_text=True)
    _withdraw(mentor)
    assert [client.get(url).status_code for url in TRACK_PAGES] == [404] * len(TRACK_PAGES)
    assert "/tracks/good" not in client.get("/tracks").get_data(as_text=True)


def test_a_withdrawn_learner_reads_but_cannot_record_progress(client, auth, learner, track):
    auth.login_as(learner)
    client.post("/tracks/good/lessons/intro/complete")
    _withdraw(learner)
    page = client.get("/tracks/good/lessons/intro")
    assert page.status_code == 200 and "Mark as complete" not in page.get_data(as_text=True)
    assert client.post("/tracks/good/lessons/basics/complete").status_code == 403
    assert client.post("/tracks/good/lessons/intro/incomplete").status_code == 403
    assert client.post("/tracks/good/lessons/check/attempts",
                       data={"q0": ["1"], "q1": ["0", "2"]}).status_code == 403
    assert db.session.scalar(select(func.count(LessonProgress.id))) == 1
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


@pytest.mark.parametrize("closed", ["withdrawn", "draft cohort", "finished cohort"])
def test_progress_services_refuse_an_enrolment_that_takes_no_work(app, learner, track, closed):
    enrollment = learner_enrollment(learner, track)
    if closed == "withdrawn":
        _withdraw(learner)
    else:
        enrollment.cohort.status = CohortStatus.DRAFT if closed == "draft cohort" else CohortStatus.FINISHED
        db.session.commit()
    with pytest.raises(services.ProgressError):
        services.mark_complete(enrollment, lesson(track, "intro"))
    with pytest.raises(services.ProgressError):
        services.mark_incomplete(enrollment, lesson(track, "intro"))
    with pytest.raises(services.QuizError):
        services.submit_quiz(enrollment, lesson(track, "check"), [[1], [0, 2]])
    assert db.session.scalar(select(func.count(LessonProgress.id))) == 0
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_mentor_enrolments_do_not_count_as_learning(app, mentor, track):
    enrollment = db.session.scalar(select(Enrollment).where(Enrollment.user_id == mentor.id))
    assert enrollment.role == EnrollmentRole.MENTOR and learner_enrollment(mentor, track) is None
