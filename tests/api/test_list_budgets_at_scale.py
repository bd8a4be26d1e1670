"""Every big list of the API costs the same queries with 10 rows as with 10,000: it reads one
page (cursor and limit) and loads what the page shows in bulk, whatever lies beyond it."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select

from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from lms.submissions.models import Submission, SubmissionStatus
from lms.tracks.models import LessonKind
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import bulk_learners, enrol, make_cohort, make_track
from tests.querycount import count_queries

pytestmark = pytest.mark.slow
SMALL, LARGE = 10, 10_000


def _grow(cohort: Cohort, mentor, assignment_id: int, have: int, want: int) -> None:
    """Learners, their hand-ins and other cohorts up to ``want`` rows each (bulk inserts)."""
    ids = bulk_learners(cohort, want - have, mentor=mentor, start=have)
    enrolments = db.session.execute(select(Enrollment.id, Enrollment.user_id)
                                    .where(Enrollment.cohort_id == cohort.id, Enrollment.user_id.in_(ids))).all()
    now = utcnow()
    db.session.execute(insert(Submission), [
        {"cohort_id": cohort.id, "enrollment_id": enrolment_id, "user_id": user_id, "lesson_id": assignment_id,
         "status": SubmissionStatus.SUBMITTED, "attempt_count": 1, "waiting_since": now}
        for enrolment_id, user_id in enrolments])
    start = date.today() - timedelta(days=5)
    db.session.execute(insert(Cohort), [
        {"name": f"Other {n}", "track_id": cohort.track_id, "starts_on": start, "ends_on": start + timedelta(days=60),
         "status": CohortStatus.RUNNING} for n in range(have, want)])
    db.session.commit()


LISTS = ("/api/v1/users/", "/api/v1/cohorts/", "/api/v1/cohorts/{cohort}/enrolments", "/api/v1/submissions/",
         "/api/v1/certificates/", "/api/v1/completions/?cohort_id={cohort}")


def test_each_list_costs_the_same_queries_at_10_and_10000_rows(app, api_as):
    track = make_track()
    assignment = next(lesson for lesson in track.lessons if lesson.kind == LessonKind.ASSIGNMENT)
    cohort = make_cohort(track)
    mentor = make_user()
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    admin, mentor_api = api_as(make_admin()), api_as(mentor)
    callers = {"admin": admin, "mentor": mentor_api}

    def measure() -> dict[tuple[str, str], int]:
        counts = {}
        for who, caller in callers.items():
            for path in LISTS:
                url = path.format(cohort=cohort.id)
                caller.get(url)  # warm: first-use work is not the list's
                with count_queries() as queries:
                    response = caller.get(url)
                assert response.status_code in (200, 403), (who, url, response.get_json())
                if response.status_code == 200:
                    assert len(response.get_json()["data"]) <= 50
                counts[who, url] = queries.count
        return counts

    _grow(cohort, mentor, assignment.id, 0, SMALL)
    small = measure()
    _grow(cohort, mentor, assignment.id, SMALL, LARGE)
    large = measure()
    assert large == small
