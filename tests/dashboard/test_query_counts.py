"""The three dashboards issue the same number of SQL queries with 10 and with 1,000 learners."""
from __future__ import annotations

from sqlalchemy import insert, select

from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from lms.progress.models import QuizAttempt
from tests.factories.auth import make_user
from tests.factories.cohorts import bulk_learners, enrol, lessons_of, make_cohort
from tests.querycount import count_queries


def _cohort_with(track, learners: int):
    cohort = make_cohort(track)
    mentor = make_user(name=f"Mentor of {learners}")
    enrol(cohort, mentor, EnrollmentRole.MENTOR, max_mentees=learners)
    lessons = lessons_of(track)
    ids = bulk_learners(cohort, learners, mentor=mentor, start=learners, progress_lessons=lessons[:2])
    enrollment_ids = db.session.scalars(select(Enrollment.id).where(Enrollment.cohort_id == cohort.id,
                                                                    Enrollment.user_id.in_(ids[::2])))
    db.session.execute(insert(QuizAttempt), [
        {"enrollment_id": eid, "lesson_id": lessons[2].id, "number": 1, "answers": [], "correct": 8, "total": 10,
         "percent": 80, "passed": True, "submitted_at": utcnow()} for eid in enrollment_ids])
    db.session.commit()
    return cohort, mentor, db.session.get(User, ids[0])


def _counts(client, auth, admin, cohort, mentor, learner) -> dict[str, int]:
    counts = {}
    for name, who, url in (("learner home", learner, "/dashboard"), ("mentor home", mentor, "/dashboard"),
                           ("admin home", admin, "/dashboard"),
                           ("admin cohort page", admin, f"/cohorts/{cohort.id}"),
                           ("admin cohort page, last page", admin, f"/cohorts/{cohort.id}?page=99"),
                           ("progress chart", admin, f"/cohorts/{cohort.id}/progress.svg"),
                           ("roster export", admin, f"/cohorts/{cohort.id}/roster.csv"),
                           ("people page", admin, f"/cohorts/{cohort.id}/people"),
                           ("people page, page 2", admin, f"/cohorts/{cohort.id}/people?page=2"),
                           ("people page, searching", admin, f"/cohorts/{cohort.id}/people?q=bulk"),
                           ("people search (JSON)", admin, f"/cohorts/{cohort.id}/people/search.json?q=bulk"),
                           ("cohort status page", admin, f"/cohorts/{cohort.id}/status")):
        auth.login_as(who)
        with count_queries() as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = queries.count
    return counts


def test_dashboards_issue_the_same_number_of_queries_for_10_and_1000_learners(client, auth, admin, track):
    small = _counts(client, auth, admin, *_cohort_with(track, 10))
    large = _counts(client, auth, admin, *_cohort_with(track, 1000))
    assert small == large
    assert max(small.values()) <= 20, small
