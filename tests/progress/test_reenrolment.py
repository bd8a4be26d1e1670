"""A learner who did a track in the Winter cohort and is enrolled again in Spring starts
afresh there (or with the credited work the admin chose, labelled), Winter is unchanged,
and Spring's exports list only Spring's work."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from lms.cohorts.models import CohortStatus, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.database import utcnow
from lms.extensions import db
from lms.progress.models import LessonProgress, QuizAttempt
from lms.submissions.models import SubmissionStatus
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import attempt_quiz, complete, enrol, make_cohort
from tests.factories.submissions import hand_in
from tests.factories.tracks import lesson, make_track
from tests.progress.test_figures_agree import shown_percent


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


@pytest.fixture
def world(app):
    track = make_track(lessons=3, quizzes=1, assignments=1)
    long_ago = date.today() - timedelta(days=120)
    winter = make_cohort(track, name="Winter", starts_on=long_ago, ends_on=long_ago + timedelta(days=40),
                         status=CohortStatus.RUNNING)
    spring = make_cohort(track, name="Spring", status=CohortStatus.RUNNING)
    lea, admin = make_user(name="Lea Learner"), make_admin()
    old = enrol(winter, lea, enrolled_at=utcnow() - timedelta(days=120))
    then = utcnow() - timedelta(days=100)
    complete(old, *(lesson(track, f"lesson-{n}") for n in (1, 2, 3)), at=then)
    attempt_quiz(old, lesson(track, "quiz-1"), 100, at=then)
    submission = hand_in(old, lesson(track, "assignment-1")).submission
    submission.status = SubmissionStatus.APPROVED  # approved long ago (the machine is tested elsewhere)
    old.status = EnrollmentStatus.COMPLETED
    winter.status = CohortStatus.FINISHED
    db.session.commit()
    return dict(track=track, winter=winter, spring=spring, lea=lea, admin=admin, old=old)


def enrol_in_spring(client, auth, world, **extra):
    auth.login_as(world["admin"])
    response = client.post(f"/cohorts/{world['spring'].id}/people",
                           data={"emails": world["lea"].email, "role": "learner", **extra})
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(db.select(Enrollment).where(Enrollment.cohort_id == world["spring"].id,
                                                         Enrollment.user_id == world["lea"].id))


def test_a_learner_enrolled_again_starts_at_zero_in_the_new_cohort(client, auth, world):
    new = enrol_in_spring(client, auth, world)
    track, spring, winter = world["track"], world["spring"], world["winter"]
    page = client.get(f"/cohorts/{spring.id}").get_data(as_text=True)
    assert shown_percent(page, "Progress of Lea Learner") == 0
    assert "no activity for" not in page  # her Winter work is not activity in Spring
    assert shown_percent(client.get(f"/cohorts/{winter.id}").get_data(as_text=True), "Progress of Lea Learner") == 100
    spring_book = rows_of(client.get(f"/cohorts/{spring.id}/gradebook.csv"))
    assert [(r["learner"], r["status"]) for r in spring_book] == [("Lea Learner", "not submitted")]
    winter_book = rows_of(client.get(f"/cohorts/{winter.id}/gradebook.csv"))
    assert [r["status"] for r in winter_book] == ["approved"]
    roster = rows_of(client.get(f"/cohorts/{spring.id}/roster.csv"))
    assert (roster[0]["progress %"], roster[0]["credited items"]) == ("0", "0")

    auth.login_as(world["lea"])
    overview = client.get(f"/tracks/{track.slug}").get_data(as_text=True)
    assert shown_percent(overview, "Track progress") == 0 and "Credited" not in overview
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert shown_percent(dashboard, "Your progress in Spring") == 0
    assert shown_percent(dashboard, "Your progress in Winter") == 100
    earlier = client.get(f"/tracks/{track.slug}?cohort={winter.id}").get_data(as_text=True)
    assert shown_percent(earlier, "Track progress") == 100 and "read-only" in earlier
    assert db.session.scalar(db.select(db.func.count()).select_from(LessonProgress)
                             .where(LessonProgress.enrollment_id == new.id)) == 0


def test_marking_a_lesson_in_the_new_cohort_leaves_the_old_one_alone(client, auth, world):
    new = enrol_in_spring(client, auth, world)
    auth.login_as(world["lea"])
    client.post(f"/tracks/{world['track'].slug}/lessons/lesson-1/incomplete")
    client.post(f"/tracks/{world['track'].slug}/lessons/lesson-2/complete")
    done = dict(db.session.execute(db.select(LessonProgress.enrollment_id, db.func.count())
                                   .group_by(LessonProgress.enrollment_id)).all())
    assert done == {world["old"].id: 3, new.id: 1}


def test_credited_work_counts_and_is_labelled_but_assignments_are_not_credited(client, auth, world):
    new = enrol_in_spring(client, auth, world, credit_prior_work="y")
    track, spring = world["track"], world["spring"]
    credited = db.session.scalars(db.select(LessonProgress).where(LessonProgress.enrollment_id == new.id)).all()
    assert {row.credited_from_id for row in credited} == {world["old"].id} and len(credited) == 3
    [quiz] = db.session.scalars(db.select(QuizAttempt).where(QuizAttempt.enrollment_id == new.id)).all()
    assert quiz.passed and quiz.credited_from_id == world["old"].id
    page = client.get(f"/cohorts/{spring.id}").get_data(as_text=True)
    assert shown_percent(page, "Progress of Lea Learner") == 80  # 3 lessons + the quiz of 5 items
    assert page.count('title="Credited from an earlier cohort"') == 4
    roster = rows_of(client.get(f"/cohorts/{spring.id}/roster.csv"))
    assert (roster[0]["progress %"], roster[0]["credited items"]) == ("80", "4")
    assert [r["status"] for r in rows_of(client.get(f"/cohorts/{spring.id}/gradebook.csv"))] == ["not submitted"]

    auth.login_as(world["lea"])
    overview = client.get(f"/tracks/{track.slug}").get_data(as_text=True)
    assert shown_percent(overview, "Track progress") == 80
    assert overview.count(">Credited</span>") == 4 and "4 done in an earlier cohort and credited here" in overview
    lesson_page = client.get(f"/tracks/{track.slug}/lessons/lesson-1").get_data(as_text=True)
    assert "You completed this lesson in an earlier cohort; it is credited here." in lesson_page


def test_crediting_is_idempotent_and_skips_work_already_done_here(app, world):
    from lms.progress.services import credit_prior_work

    new = enrol(world["spring"], world["lea"])
    complete(new, lesson(world["track"], "lesson-1"))
    assert credit_prior_work(new) == 3  # lessons 2 and 3, and the quiz
    assert credit_prior_work(new) == 0
    db.session.commit()
    first = lesson(world["track"], "lesson-1")
    own = db.session.scalar(db.select(LessonProgress).where(LessonProgress.enrollment_id == new.id,
                                                            LessonProgress.lesson_id == first.id))
    assert own.credited_from_id is None


def test_the_enrolment_csv_can_credit_per_row(client, auth, world):
    auth.login_as(world["admin"])
    data = f"email,name,mentor_email,credit_prior_work\n{world['lea'].email},,,maybe\n".encode()
    response = client.post(f"/cohorts/{world['spring'].id}/people/csv",
                           data={"file": (io.BytesIO(data), "people.csv"), "role": "learner"},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "credit_prior_work must be yes or no" in response.get_data(as_text=True)


def test_the_cli_credits_prior_work_when_asked(app, runner, world):
    result = runner.invoke(args=["cohorts", "enroll", str(world["spring"].id), world["lea"].email,
                                 "--credit-prior-work"])
    assert result.exit_code == 0, result.output
    new = db.session.scalar(db.select(Enrollment).where(Enrollment.cohort_id == world["spring"].id,
                                                        Enrollment.role == EnrollmentRole.LEARNER))
    assert db.session.scalar(db.select(db.func.count()).select_from(LessonProgress)
                             .where(LessonProgress.enrollment_id == new.id,
                                    LessonProgress.credited_from_id.is_not(None))) == 3
