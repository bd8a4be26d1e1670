"""/api/v1/reviews and /api/v1/mentorships: mentors' reviews where the work is visible, and
relationships for their two people."""
from __future__ import annotations

import pytest

from lms.cohorts.models import Enrollment, Mentorship
from lms.extensions import db
from lms.reviews.models import Decision
from lms.reviews.services import ReviewData, review_attempt
from lms.submissions.models import Submission
from lms.tracks.models import Lesson
from tests.api.mentoring_helpers import assert_constant_queries, callers, more_learners_of_a
from tests.factories.submissions import hand_in


@pytest.fixture
def c(app, api_as):
    return callers(api_as)


def test_the_learner_reads_her_review_with_rubric_feedback_and_reviewer(c):
    w = c.world
    body = c.learner_a.get(f"/api/v1/reviews/{w.review_a}").get_json()
    assert body["decision"] == "request_changes" and body["submission_id"] == w.submission_a
    assert body["attempt_number"] == 1 and body["reviewer"] == {"id": w.mentor_a, "name": "Mia Mentor"}
    assert body["feedback"] == "Nearly there." and "<p>Nearly there.</p>" in body["feedback_html"]
    first = body["criteria"][0]
    assert first["level"] == 1 and first["level_label"] == first["levels"][1]["label"]
    assert first["comment"] == "Use headings"
    assert body["created_at"].endswith("+00:00")


def test_reviews_are_404_where_the_work_is_hidden(c):
    w = c.world
    assert c.mentor_a.get(f"/api/v1/reviews/{w.review_a}").status_code == 200
    for stranger in (c.learner_b, c.mentor_b):
        assert stranger.get(f"/api/v1/reviews/{w.review_a}").status_code == 404
        assert w.review_a not in {r["id"] for r in stranger.get("/api/v1/reviews/").get_json()["data"]}
    listed = c.learner_a.get(f"/api/v1/reviews/?submission_id={w.submission_a}").get_json()["data"]
    assert [r["id"] for r in listed] == [w.review_a]


def test_anonymous_peer_reviewers_are_never_named(c):
    w = c.world
    for side in (c.learner_a, c.mentor_a):
        for url in ("/api/v1/reviews/", f"/api/v1/reviews/{w.review_a}", f"/api/v1/submissions/{w.submission_a}"):
            text = side.get(url).get_data(as_text=True)
            assert "Rita" not in text and "Paul" not in text and "Clear headings" not in text


def test_the_reviews_list_costs_the_same_queries_for_more_reviews(c):
    lesson = db.session.get(Lesson, c.world.assignment_a_id)

    def grow(count):
        for enrollment in more_learners_of_a(c.world, count):
            attempt = hand_in(db.session.get(Enrollment, enrollment.id), lesson)
            submission = db.session.get(Submission, attempt.submission_id)
            review_attempt(submission, ReviewData(attempt.id, submission.version, Decision.APPROVE, [0, 0],
                                                  ["", ""], "Good."), c.user("mentor_a"))
            db.session.commit()
    assert_constant_queries(lambda: c.mentor_a.get("/api/v1/reviews/?limit=200"), grow)


def test_a_relationship_is_read_by_its_two_people_and_admins(c):
    w = c.world
    url = f"/api/v1/mentorships/{w.requests_mentorship_a}"
    for side in (c.learner_a, c.mentor_a, c.admin):
        body = side.get(url).get_json()
        assert body["learner"]["id"] == w.learner_a and body["mentor"]["id"] == w.mentor_a
        assert body["status"] == "active" and body["cohort_id"] == w.cohort_a
    for stranger in (c.learner_b, c.mentor_b):
        assert stranger.get(url).status_code == 404
        assert w.requests_mentorship_a not in {m["id"] for m in stranger.get("/api/v1/mentorships/").get_json()["data"]}
    mine = c.learner_a.get("/api/v1/mentorships/").get_json()["data"]
    assert {m["mentor"]["id"] for m in mine} == {w.mentor_a}
    by_cohort = c.admin.get(f"/api/v1/mentorships/?cohort_id={w.cohort_b}").get_json()["data"]
    assert by_cohort and all(m["cohort_id"] == w.cohort_b for m in by_cohort)


def test_the_learners_survey_answers_are_not_part_of_a_relationship(c):
    w = c.world
    mentorship = db.session.get(Mentorship, w.requests_mentorship_a)
    mentorship.checkin_comment = "SURVEY-SECRET"
    db.session.commit()
    assert "SURVEY-SECRET" not in c.mentor_a.get(f"/api/v1/mentorships/{w.requests_mentorship_a}").get_data(
        as_text=True)


def test_the_mentorships_list_costs_the_same_queries_for_more_mentees(c):
    assert_constant_queries(lambda: c.mentor_a.get("/api/v1/mentorships/?limit=200"),
                            lambda count: more_learners_of_a(c.world, count))
