"""Ids that do not belong together: an object of cohort A reached through cohort B's URL,
another track's lesson, a mentor from another cohort. Even admins get a 404 or a
refusal, and nothing changes."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.certificates.models import Certificate
from lms.cohorts.models import Enrollment
from lms.tracks.models import Lesson, Track
from tests.factories.scenario import TwoCohorts, two_cohorts
from tests.security.conftest import changed_tables, sign_in_as, snapshot


@pytest.fixture
def world(app) -> TwoCohorts:
    return two_cohorts()


def _lesson_of(track_slug: str, slug: str) -> Lesson:
    from lms.extensions import db
    return db.session.scalar(select(Lesson).join(Track).where(Track.slug == track_slug, Lesson.slug == slug))


@pytest.mark.parametrize("method, url, data", [
    ("GET", "/cohorts/{cohort_b}/people/csv/{csv_plan_a}", None),
    ("POST", "/cohorts/{cohort_b}/people/csv/{csv_plan_a}", None),
    ("POST", "/cohorts/{cohort_b}/enrollments/{enrollment_a}/withdraw", None),
    ("POST", "/cohorts/{cohort_b}/enrollments/{enrollment_a}/mentor", {"mentor_id": "{mentor_b}"}),
    ("POST", "/cohorts/{cohort_b}/enrollments/{mentor_enrollment_a}/max-mentees", {"max_mentees": "1"}),
])
def test_cohort_a_objects_through_cohort_b_urls_are_not_found_even_for_admins(client, world, method, url, data):
    values = {name: getattr(world, name) for name in world.__dataclass_fields__}
    sign_in_as(client, world, "admin")
    before = snapshot()
    response = client.open(url.format(**values), method=method,
                           data={k: v.format(**values) for k, v in (data or {}).items()})
    assert response.status_code == 404
    assert changed_tables(before, snapshot()) == []


def test_a_learner_cannot_hand_in_another_tracks_assignment_through_their_cohort(client, world):
    lesson_b = _lesson_of(world.track_b, "first-site")
    sign_in_as(client, world, "learner_a")
    before = snapshot()
    response = client.post(f"/submissions/cohort/{world.cohort_a}/lesson/{lesson_b.id}", data={
        "idempotency_key": "0123456789abcdef0123456789abcdef", "text": "Mine", "submit": "Hand in"})
    assert response.status_code == 404
    assert changed_tables(before, snapshot()) == []


def test_a_deadline_for_another_tracks_lesson_is_refused(client, world):
    sign_in_as(client, world, "admin")
    before = snapshot()
    client.post(f"/cohorts/{world.cohort_a}/deadlines/{world.lesson_b_id}", data={"due": "2030-01-01T12:00"})
    assert changed_tables(before, snapshot()) == []


def test_a_mentor_of_another_cohort_cannot_be_assigned(client, world):
    sign_in_as(client, world, "admin")
    client.post(f"/cohorts/{world.cohort_a}/enrollments/{world.enrollment_a}/mentor",
                data={"mentor_id": str(world.mentor_b)})
    from lms.extensions import db
    db.session.expire_all()
    assert db.session.get(Enrollment, world.enrollment_a).mentor_id == world.mentor_a


def test_a_certificate_cannot_be_issued_for_someone_outside_the_cohort(client, world):
    sign_in_as(client, world, "admin")
    client.post(f"/admin/certificates/cohorts/{world.cohort_a}/learners/{world.learner_b}/issue")
    from lms.extensions import db
    assert db.session.scalar(select(Certificate).where(Certificate.user_id == world.learner_b)) is None


def test_a_review_names_the_attempt_it_grades(client, world):
    """An attempt id of another submission in the review form is refused."""
    from lms.extensions import db
    from lms.submissions.models import Attempt, Submission

    other_attempt = db.session.scalar(select(Attempt.id).where(Attempt.submission_id == world.submission_a,
                                                               Attempt.id != world.attempt_a))
    version = db.session.get(Submission, world.submission_a).version
    sign_in_as(client, world, "mentor_a")
    before = snapshot()
    response = client.post(f"/reviews/{world.submission_a}", data={
        "attempt_id": str(other_attempt), "version": str(version), "decision": "approve",
        "level-0": "0", "level-1": "0", "feedback": "x"})
    assert response.status_code in (400, 409)
    assert changed_tables(before, snapshot()) == []
