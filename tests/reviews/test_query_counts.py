"""The review queue and the review page issue a constant number of queries as data grows."""
from __future__ import annotations

import itertools
import uuid
from datetime import timedelta

from sqlalchemy import insert, select

from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus
from lms.database import utcnow
from lms.extensions import db
from lms.reviews.models import Decision, Review
from lms.submissions.models import Attempt, Submission, SubmissionStatus
from tests.querycount import count_queries
from tests.reviews.helpers import waiting_submission

_numbers = itertools.count(1)


def bulk_waiting_work(world, count: int) -> None:
    """``count`` learners of the world's cohort, each with one attempt waiting for review."""
    now = utcnow()
    first = next(_numbers)
    for _ in range(count - 1):
        next(_numbers)
    numbers = range(first, first + count)
    db.session.execute(insert(User.__table__), [{"email": f"bulk{n}@example.org", "name": f"Bulk Learner {n}",
                                       "session_token": uuid.uuid4().hex[:16]} for n in numbers])
    users = dict(db.session.execute(select(User.email, User.id).where(User.email.like("bulk%"))).all())
    user_ids = [users[f"bulk{n}@example.org"] for n in numbers]
    db.session.execute(insert(Enrollment.__table__), [
        {"cohort_id": world.cohort.id, "user_id": uid, "role": EnrollmentRole.LEARNER,
         "status": EnrollmentStatus.ACTIVE, "mentor_id": world.mentor.id if i % 2 else None}
        for i, uid in enumerate(user_ids)])
    enrollments = dict(db.session.execute(select(Enrollment.user_id, Enrollment.id).where(
        Enrollment.user_id.in_(user_ids))).all())
    db.session.execute(insert(Submission.__table__), [
        {"cohort_id": world.cohort.id, "enrollment_id": enrollments[uid], "user_id": uid,
         "lesson_id": world.lesson.id,
         "status": SubmissionStatus.IN_REVIEW if i % 7 == 0 else SubmissionStatus.SUBMITTED,
         "claimed_by_id": world.mentor.id if i % 7 == 0 else None, "claimed_at": now if i % 7 == 0 else None,
         "attempt_count": 1, "waiting_since": now - timedelta(hours=i % 100), "version": 1}
        for i, uid in enumerate(user_ids)])
    submissions = db.session.execute(select(Submission.id).where(Submission.user_id.in_(user_ids))).scalars()
    db.session.execute(insert(Attempt.__table__), [
        {"submission_id": sid, "number": 1, "text": "Bulk work", "submitted_at": now,
         "idempotency_key": uuid.uuid4().hex} for sid in submissions])
    db.session.commit()


def test_review_queue_queries_do_not_grow_with_submissions(client, auth, world):
    auth.login_as(world.mentor)
    bulk_waiting_work(world, 10)
    urls = ["/reviews/", "/reviews/?mine=1&overdue=1", f"/reviews/?cohort={world.cohort.id}&page=2"]
    small = {}
    for url in urls:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        small[url] = counter.count
    bulk_waiting_work(world, 9_990)
    for url in urls:
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        assert counter.count == small[url], f"{url}: {small[url]} -> {counter}"
    assert b"10,000 waiting" in client.get("/reviews/").data


def test_admin_queue_queries_do_not_grow_either(client, auth, world):
    auth.login_as(world.admin)
    bulk_waiting_work(world, 10)
    with count_queries() as small:
        client.get("/reviews/?overdue=1")
    bulk_waiting_work(world, 2_000)
    with count_queries() as big:
        client.get("/reviews/?overdue=1")
    assert small.count == big.count


def _add_attempts_with_reviews(submission, world, count: int) -> None:
    """Turn the submission's history into ``count`` reviewed attempts plus a waiting one."""
    start = submission.attempt_count
    now = utcnow()
    for number in range(start + 1, start + count + 1):
        attempt = Attempt(submission_id=submission.id, number=number, text=f"Attempt {number}\nline",
                          submitted_at=now, idempotency_key=uuid.uuid4().hex)
        db.session.add(attempt)
        db.session.flush()
        if number < start + count:
            db.session.add(Review(submission_id=submission.id, attempt_id=attempt.id, reviewer_id=world.mentor.id,
                                  decision=Decision.REQUEST_CHANGES, rubric_snapshot=[], scores=[],
                                  feedback="More *please*"))
    submission.attempt_count = start + count
    db.session.commit()


def test_review_page_queries_do_not_grow_with_attempts_or_other_work(client, auth, world):
    submission = waiting_submission(world)
    auth.login_as(world.mentor)
    _add_attempts_with_reviews(submission, world, 2)
    with count_queries() as small:
        assert client.get(f"/reviews/{submission.id}").status_code == 200
    with count_queries() as small_detail:
        assert client.get(f"/submissions/{submission.id}").status_code == 200
    _add_attempts_with_reviews(submission, world, 30)
    bulk_waiting_work(world, 2_000)
    with count_queries() as big:
        response = client.get(f"/reviews/{submission.id}")
    assert response.status_code == 200 and b"Attempt 33" in response.data
    assert big.count == small.count, f"{small.count} -> {big}"
    with count_queries() as big_detail:
        client.get(f"/submissions/{submission.id}")
    assert big_detail.count == small_detail.count
