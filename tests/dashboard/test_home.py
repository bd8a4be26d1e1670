"""Home pages: the right one for each person, and what the learner and mentor sections show."""
from __future__ import annotations

from datetime import timedelta

from lms.cohorts.models import EnrollmentRole, EnrollmentStatus
from lms.database import utcnow
from lms.extensions import db
from lms.reviews.models import Decision
from lms.reviews.services import ReviewData, review_attempt
from lms.tracks.models import LessonKind
from tests.factories.auth import make_user
from tests.factories.cohorts import attempt_quiz, complete, enrol, lessons_of, make_cohort, make_track
from tests.factories.submissions import assignment_spec, hand_in


def test_home_sends_each_person_to_their_page(client, auth, user, admin, cohort):
    auth.login_as(user)
    assert client.get("/").headers["Location"].endswith("/profile")      # not in any cohort yet
    enrol(cohort, user)
    assert client.get("/").headers["Location"].endswith("/dashboard")
    auth.login_as(admin)
    assert client.get("/").headers["Location"].endswith("/dashboard")     # the organisation's overview


def test_learner_sees_progress_next_step_deadlines_and_mentor(client, auth, user, cohort):
    mentor = make_user(name="Marco Mentor")
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    enrol(cohort, user, mentor=mentor)
    lessons = lessons_of(cohort.track)
    complete(user, lessons[0], lessons[1])
    attempt_quiz(user, lessons[2], 50)                   # failed: the quiz is still to do
    auth.login_as(user)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Your learning" in page and "Your mentoring" not in page
    assert 'value="33"' in page                          # 2 of 6 items
    assert f'href="/tracks/{cohort.track.slug}/lessons/html-quiz">Html quiz</a>' in page
    assert "Landing page</a>\n          <span class=\"badge badge--danger\">overdue</span>" in page  # day 7 of 10
    assert "Launch</a>" in page                          # day 21: upcoming
    assert f'href="/cohorts/{cohort.id}/mentor"><bdi>Marco Mentor</bdi></a>' in page


def test_learner_sees_recent_feedback(client, auth, user, admin):
    track = make_track(items=((LessonKind.ASSIGNMENT, "landing-page", assignment_spec(due_days=30)),))
    cohort = make_cohort(track)
    mentor = make_user(name="Marco Mentor")
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    enrollment = enrol(cohort, user, mentor=mentor)
    attempt = hand_in(enrollment, lessons_of(track)[0])
    submission = attempt.submission
    review_attempt(submission, ReviewData(attempt_id=attempt.id, version=submission.version,
                                          decision=Decision.APPROVE, levels=[0, 0], comments=["", ""],
                                          feedback="Lovely"), mentor)
    db.session.commit()
    auth.login_as(user)
    page = client.get("/dashboard").get_data(as_text=True)
    start = page.index('id="feedback-heading"')
    feedback = page[start:page.index("</section>", start)]
    assert (f'<a href="/submissions/{submission.id}">Landing page</a> '
            '<span class="badge badge--success">approved</span>') in feedback
    assert "· Marco Mentor</span>" in feedback
    assert 'value="100"' in page and "All done" in page


def test_mentor_sees_cohorts_mentees_activity_and_waiting_work(client, auth, cohort):
    mentor = make_user(name="Marco Mentor")
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    active, quiet = make_user(name="Active Ann"), make_user(name="Quiet Quinn")
    enrol(cohort, active, mentor=mentor)
    enrol(cohort, quiet, mentor=mentor)
    enrol(cohort, make_user(name="Not Mine"))
    complete(active, lessons_of(cohort.track)[0], at=utcnow() - timedelta(days=1))
    complete(quiet, lessons_of(cohort.track)[0], at=utcnow() - timedelta(days=9))
    auth.login_as(mentor)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Your mentoring" in page and "Your learning" not in page
    assert "Active Ann" in page and "Quiet Quinn" in page and "Not Mine" not in page
    assert "3 learners · you mentor 2" in page
    assert '<span class="badge badge--warning">9 days ago</span>' in page
    assert "submissions waiting for you" in page


def test_someone_learning_in_one_cohort_and_mentoring_in_another_sees_both(client, auth, user, track):
    learning, mentoring = make_cohort(track, name="Learning here"), make_cohort(track, name="Mentoring there")
    enrol(learning, user)
    enrol(mentoring, user, EnrollmentRole.MENTOR)
    auth.login_as(user)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Your learning" in page and "Your mentoring" in page
    assert "Learning here" in page and "Mentoring there" in page


def test_withdrawn_learner_keeps_read_access_but_no_deadlines(client, auth, user, cohort):
    enrol(cohort, user, status=EnrollmentStatus.WITHDRAWN)
    auth.login_as(user)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Spring cohort" in page and "you withdrew" in page
    assert "overdue" not in page and "Nothing due" in page


def test_empty_states_say_what_happens_next(client, auth, user, cohort):
    mentor = make_user()
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    auth.login_as(mentor)
    assert "No mentees assigned to you in this cohort yet." in client.get("/dashboard").get_data(as_text=True)
    auth.login_as(user)
    assert "You are not in a cohort yet" in client.get("/dashboard").get_data(as_text=True)
