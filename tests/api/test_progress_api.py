"""Progress per enrolment through the API: the figures ``lms.progress`` gives the pages, for
the learner, the cohort's mentors and admins only."""
from __future__ import annotations

from lms.cohorts.models import EnrollmentRole
from lms.progress import records
from lms.progress.completion import completion
from lms.tracks.queries import current_lessons
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import attempt_quiz, complete, enrol, lessons_of, make_cohort, make_track
from tests.querycount import count_queries


def _world():
    track = make_track()
    cohort = make_cohort(track)
    learner, mentor = make_user(), make_user()
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    enrollment = enrol(cohort, learner)
    return track, cohort, learner, mentor, enrollment


def test_the_figures_are_those_of_lms_progress(app, api_as):
    track, cohort, learner, _, enrollment = _world()
    welcome, semantic, quiz, *_ = lessons_of(track)
    complete(learner, welcome, semantic)
    attempt_quiz(learner, quiz, 90)
    body = api_as(learner).get(f"/api/v1/enrolments/{enrollment.id}/progress").get_json()
    record = records.for_enrollment(enrollment)
    assert (body["percent"], body["done"], body["total"]) == (record.percent, record.done_count, record.total)
    assert body["lessons"] == {"done": 2, "total": 3} and body["quizzes"] == {"done": 1, "total": 1}
    assert body["assignments"] == {"done": 0, "total": 2}
    expected = completion(track, current_lessons([track.id]), record)
    assert body["complete"] is expected.complete is False and body["missing"] == expected.missing
    assert [item["slug"] for item in body["items"] if item["done"]] == ["welcome", "semantic-html", "html-quiz"]
    assert body["last_activity_at"] is not None


def test_the_cohorts_mentors_and_admins_see_it_others_get_a_404(app, api_as):
    _, cohort, learner, mentor, enrollment = _world()
    classmate = make_user()
    enrol(cohort, classmate)
    url = f"/api/v1/enrolments/{enrollment.id}/progress"
    assert api_as(mentor).get(url).status_code == 200
    assert api_as(make_admin()).get(url).status_code == 200
    assert api_as(classmate).get(url).status_code == 404
    assert api_as(make_user()).get(url).status_code == 404
    assert api_as(learner, scopes=["enrolments:read"]).get(url).status_code == 403


def test_a_mentors_enrolment_has_no_progress(app, api_as):
    cohort = make_cohort()
    mentor = make_user()
    enrollment = enrol(cohort, mentor, EnrollmentRole.MENTOR)
    assert api_as(make_admin()).get(f"/api/v1/enrolments/{enrollment.id}/progress").status_code == 404


def test_an_unchanged_record_answers_304_to_its_etag(app, api_as):
    _, _, learner, _, enrollment = _world()
    caller = api_as(learner)
    url = f"/api/v1/enrolments/{enrollment.id}/progress"
    etag = caller.get(url).headers["ETag"]
    assert caller.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_reading_progress_costs_the_same_queries_however_much_was_done(app, api_as):
    track, _, learner, _, enrollment = _world()
    caller = api_as(learner)
    url = f"/api/v1/enrolments/{enrollment.id}/progress"
    caller.get(url)  # warm: a token's first use is recorded (once a minute)
    with count_queries() as before:
        caller.get(url)
    welcome, semantic, quiz, *_ = lessons_of(track)
    complete(learner, welcome, semantic)
    attempt_quiz(learner, quiz, 90)
    with count_queries() as after:
        caller.get(url)
    assert after.count == before.count
