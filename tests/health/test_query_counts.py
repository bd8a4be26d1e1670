"""The health pages and exports run the same number of queries for 10 learners or 500."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from lms.asks.models import Ask, AskRating, AskState
from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.extensions import db
from lms.reviews.models import Decision, Review, ReviewRating
from lms.submissions.models import Attempt, Submission, SubmissionStatus
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import bulk_learners, enrol, lessons_of, make_cohort, make_track
from tests.health.conftest import NOW, START
from tests.querycount import count_queries


def busy_cohort(learners: int):
    """A cohort whose every learner has an answered ask and a reviewed, rated hand-in."""
    track = make_track()
    assignment = [lesson for lesson in lessons_of(track) if lesson.kind.value == "assignment"][0]
    cohort = make_cohort(track, starts_on=START)
    mentor = make_user()
    enrol(cohort, mentor, EnrollmentRole.MENTOR, max_mentees=learners)
    bulk_learners(cohort, learners, mentor=mentor)
    rows = db.session.execute(select(Enrollment.id, Enrollment.user_id).where(
        Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.LEARNER)).all()
    asked = NOW - timedelta(hours=30)
    db.session.execute(insert(Ask), [
        {"cohort_id": cohort.id, "enrollment_id": e, "user_id": u, "title": "Help", "body": "", "body_html": "",
         "skill": "", "state": AskState.RESOLVED, "mentor_id": mentor.id, "offered_at": asked, "waiting_since": asked,
         "created_at": asked, "updated_at": asked, "first_response_at": asked + timedelta(hours=2),
         "resolved_at": asked + timedelta(hours=5), "rating": AskRating.HELPFUL, "nudges_sent": 0, "version": 1}
        for e, u in rows])
    db.session.execute(insert(Submission), [
        {"cohort_id": cohort.id, "enrollment_id": e, "user_id": u, "lesson_id": assignment.id, "attempt_count": 1,
         "status": SubmissionStatus.APPROVED, "created_at": asked, "updated_at": asked, "version": 1}
        for e, u in rows])
    submissions = db.session.scalars(select(Submission.id).where(Submission.cohort_id == cohort.id)).all()
    db.session.execute(insert(Attempt), [{"submission_id": s, "number": 1, "text": "", "text_html": "",
                                          "submitted_at": asked, "is_late": False,
                                          "idempotency_key": uuid.uuid4().hex} for s in submissions])
    attempts = db.session.execute(select(Attempt.id, Attempt.submission_id).join(Submission).where(
        Submission.cohort_id == cohort.id)).all()
    db.session.execute(insert(Review), [{"submission_id": s, "attempt_id": a, "reviewer_id": mentor.id,
                                         "decision": Decision.APPROVE, "rubric_snapshot": [], "scores": [],
                                         "total_points": 0, "max_points": 0, "passed": True, "feedback": "",
                                         "created_at": asked + timedelta(hours=3)} for a, s in attempts])
    reviews = db.session.execute(select(Review.id, Submission.user_id).join(Submission).where(
        Submission.cohort_id == cohort.id)).all()
    db.session.execute(insert(ReviewRating), [{"review_id": r, "user_id": u, "helpful": True, "comment": "",
                                               "created_at": asked, "updated_at": asked} for r, u in reviews])
    db.session.commit()
    return cohort


@pytest.mark.slow
def test_health_pages_run_the_same_queries_for_10_or_500_learners(client, auth, app, frozen):
    admin = make_admin()
    auth.login_as(admin)
    counts = {}
    for learners in (10, 500):
        cohort = busy_cohort(learners)
        for url in (f"/cohorts/{cohort.id}/health", f"/cohorts/{cohort.id}/health.csv", "/health", "/health.csv"):
            with count_queries() as queries:
                assert client.get(url).status_code == 200
            counts.setdefault(url.replace(str(cohort.id), "ID"), []).append(queries.count)
    assert all(small == large for small, large in counts.values()), counts
    assert max(max(c) for c in counts.values()) <= 25, counts
