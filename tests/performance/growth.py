"""Grow the two-cohort world so every key page has more rows to show: ``grow(world, n)`` adds
``n`` of each kind a key page lists, most through the services (so the rows are consistent),
the plentiful ones in bulk. Called twice (to about 3, then about 30 of each), it gives the
two data sizes the query budgets compare."""
from __future__ import annotations

import itertools
import uuid
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import select

from lms.asks.models import Ask
from lms.auth.models import User
from lms.cohorts import enrolment
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.community.models import Topic
from lms.extensions import db
from lms.notifications.services import notify
from lms.reviews.models import Decision
from lms.reviews.services import ReviewData, review_attempt
from lms.submissions.models import Submission
from lms.tracks.models import Lesson, LessonKind, Track
from tests.factories.ask_queue_rows import bulk_asks
from tests.factories.ask_rows import make_reply
from tests.factories.auth import make_user
from tests.factories.cohorts import bulk_learners, enrol, make_cohort
from tests.factories.community_rows import make_post
from tests.factories.meetings import make_booking
from tests.factories.plans import make_goal
from tests.factories.scenario import TwoCohorts
from tests.factories.submissions import hand_in

_numbers = itertools.count(1)


def grow(world: TwoCohorts, n: int) -> None:
    """Add ``n`` learners with hand-ins (every other one reviewed), mentors, asks, ask replies,
    posts, goals, bookings and notifications around cohort A and learner A, then commit."""
    cohort = db.session.get(Cohort, world.cohort_a)
    mentor = db.session.get(User, world.mentor_a)
    learner = db.session.get(User, world.learner_a)
    lessons = db.session.scalars(select(Lesson).where(Lesson.track_id == cohort.track_id)
                                 .order_by(Lesson.position)).all()
    assignment = next(lesson for lesson in lessons if lesson.kind is LessonKind.ASSIGNMENT)
    start = next(_numbers) * 1000
    learner_ids = bulk_learners(cohort, n, mentor=mentor, start=start,
                                progress_lessons=[lesson for lesson in lessons if lesson.kind is LessonKind.LESSON][:2])
    enrollments = db.session.scalars(select(Enrollment).where(Enrollment.cohort_id == cohort.id,
                                                              Enrollment.user_id.in_(learner_ids))).all()
    for i, enrollment in enumerate(enrollments):
        attempt = hand_in(enrollment, assignment, files=[("notes.txt", b"notes")], commit=False)
        if i % 2:
            submission = attempt.submission
            review_attempt(submission, ReviewData(attempt.id, submission.version, Decision.REQUEST_CHANGES, [1, 0],
                                                  ["Headings", "Alt text"], "Nearly."), mentor)
    for i in range(n):
        other = make_user(email=f"grown-mentor-{start + i}@example.org", name=f"Grown Mentor {start + i}",
                          skills=["html", "css"], commit=False)
        db.session.flush()
        enrolment.enrol(cohort, other, EnrollmentRole.MENTOR)
    db.session.commit()
    bulk_asks(cohort, n, mentor=mentor)
    ask = db.session.get(Ask, world.ask_a)
    topic = db.session.get(Topic, world.community_topic_a)
    authors = [learner, mentor, *db.session.scalars(select(User).where(User.id.in_(learner_ids[:5])))]
    for i in range(n):
        make_reply(ask, (learner, mentor)[i % 2], body=f"Reply {start + i}", commit=False)
        make_post(topic, authors[i % len(authors)], body=f"Post {start + i}", commit=False)
        make_goal(learner, f"Goal {start + i}", commit=False)
        notify(learner.id, "test", f"Note {start + i}", url="/dashboard")
    enrollment_a = db.session.get(Enrollment, world.enrollment_a)
    first_day = datetime.now(timezone.utc).date() + timedelta(days=21 + start // 1000 * 7)
    for i in range(n):  # one-hour steps within working hours: never overlapping
        day, hour = divmod(i, 6)
        make_booking(enrollment_a, mentor, datetime.combine(first_day + timedelta(days=day), time(9 + hour),
                                                            tzinfo=timezone.utc), commit=False,
                     uid=f"grown-{uuid.uuid4().hex}@localhost")
    db.session.commit()
    _more_attempts(world, n, mentor)
    _more_cohorts(world, n, learner)


def _more_attempts(world: TwoCohorts, n: int, mentor) -> None:
    """Learner A's hand-in sent back and handed in again ``n`` times (it ends waiting again)."""
    submission = db.session.get(Submission, world.submission_a)
    enrollment = db.session.get(Enrollment, world.enrollment_a)
    for i in range(n):
        latest = max(submission.attempts, key=lambda attempt: attempt.number)
        review_attempt(submission, ReviewData(latest.id, submission.version, Decision.REQUEST_CHANGES, [1, 0],
                                              ["Headings", "Alt text"], f"Round {i}."), mentor)
        hand_in(enrollment, submission.lesson, files=[("round.txt", b"round")], commit=False)
        db.session.flush()
        db.session.refresh(submission)
    db.session.commit()


def _more_cohorts(world: TwoCohorts, n: int, learner) -> None:
    """Learner A also learns in ``n`` more cohorts of track B (their dashboard lists each)."""
    mentor_b = db.session.get(User, world.mentor_b)
    track_b = db.session.scalar(select(Track).where(Track.slug == world.track_b))
    for _ in range(n):
        enrol(make_cohort(track_b, commit=False), learner, mentor=mentor_b, commit=False)
    db.session.commit()
