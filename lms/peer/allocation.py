"""Handing out work to review: the fair queue of one assignment in one cohort.

``lease_next(enrollment, lesson, now)`` gives the reviewer the oldest *eligible* hand-in
with the lowest *load*, where

- load = submitted peer reviews + active leases (``leased`` and not yet run out);
- eligible = same assignment and cohort, at least one attempt, not the reviewer's own,
  not one the reviewer reviewed, holds or gave back, nobody blocked (either way), and
  the author still an active or completed learner.

So no hand-in gets a (k+1)-th review or lease while another eligible one has fewer than k+1
(the rule the property tests check). A reviewer holds at most one lease per assignment
(a database index); asking again returns it. Leases run out after ``PEER_LEASE_HOURS``:
lazily (a lease past its time no longer counts in a load, and the reviewer's own is marked
``expired`` when they ask again) and for good in the periodic ``expire_leases``. An
expired row is handed out again by updating it (one row per reviewer and hand-in).

On PostgreSQL the chosen hand-in is locked ``FOR UPDATE SKIP LOCKED``: two reviewers asking
at the same moment get two different least-reviewed hand-ins, never the same one.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from lms.cohorts.models import Enrollment, EnrollmentStatus
from lms.database import utcnow
from lms.extensions import db
from lms.peer.errors import CalibrationNeeded, NothingToReview, PeerError
from lms.peer.models import PeerBlock, PeerCalibration, PeerDuty, PeerReview, PeerReviewStatus
from lms.submissions.models import Attempt, Submission
from lms.tracks.models import Lesson
from lms.tracks.peerspec import peer_settings

Status = PeerReviewStatus
# A reviewer is never handed again work they reviewed, hold, or gave back.
_SEEN = (Status.SUBMITTED, Status.LEASED, Status.RELEASED)


def load_of(submission_id, now: datetime):
    """SQL: the submitted reviews and active leases of a hand-in (correlated with ``submission_id``)."""
    counts = or_(PeerReview.status == Status.SUBMITTED,
                 and_(PeerReview.status == Status.LEASED, PeerReview.lease_expires_at > now))
    return (select(func.count(PeerReview.id)).where(PeerReview.submission_id == submission_id, counts)
            .scalar_subquery())


def eligible(reviewer: Enrollment, lesson_id: int):
    """SELECT of the hand-ins ``reviewer`` may be given on ``lesson_id`` (joined to the author's enrolment)."""
    me = reviewer.user_id
    seen = exists().where(PeerReview.submission_id == Submission.id, PeerReview.reviewer_id == me,
                          PeerReview.status.in_(_SEEN))
    blocked = exists().where(or_(and_(PeerBlock.user_id == me, PeerBlock.blocked_user_id == Submission.user_id),
                                 and_(PeerBlock.user_id == Submission.user_id, PeerBlock.blocked_user_id == me)))
    return (select(Submission).join(Enrollment, Enrollment.id == Submission.enrollment_id)
            .where(Submission.lesson_id == lesson_id, Submission.cohort_id == reviewer.cohort_id,
                   Submission.attempt_count >= 1, Submission.user_id != me,
                   Enrollment.status.in_((EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)),
                   ~seen, ~blocked))


def has_eligible(reviewer: Enrollment, lesson_id: int) -> bool:
    return db.session.scalar(select(eligible(reviewer, lesson_id).exists())) is True


def open_lease(reviewer: Enrollment, lesson_id: int) -> PeerReview | None:
    return db.session.scalar(select(PeerReview).where(
        PeerReview.reviewer_enrollment_id == reviewer.id, PeerReview.lesson_id == lesson_id,
        PeerReview.status == Status.LEASED))


def duty_of(enrollment_id: int, lesson_id: int) -> PeerDuty | None:
    return db.session.scalar(select(PeerDuty).where(PeerDuty.enrollment_id == enrollment_id,
                                                    PeerDuty.lesson_id == lesson_id))


def lease_next(reviewer: Enrollment, lesson: Lesson, now: datetime) -> PeerReview:
    """The reviewer's open lease on ``lesson``, or a new one on the next fair hand-in."""
    peer = peer_settings(lesson.spec)
    duty = duty_of(reviewer.id, lesson.id)
    if peer is None or duty is None:
        raise PeerError(gettext("Hand in your own work on this assignment first; then you can review peers."))
    _serialise_on_sqlite(duty)
    current = open_lease(reviewer, lesson.id)
    if current is not None and current.lease_expires_at > now:
        return current
    if current is not None:
        current.status = Status.EXPIRED
        db.session.flush()
    if duty.met_at is not None:
        raise PeerError(gettext("You have no reviews left to give on this assignment."))
    if peer.get("calibration") and not _calibrated(reviewer.id, lesson.id):
        raise CalibrationNeeded(gettext("Score the example first, to see how your scoring compares with the mentor's."))
    submission = _pick(reviewer, lesson.id, now)
    if submission is None:
        raise NothingToReview(gettext("There is no hand-in for you to review yet. Come back later."))
    return _lease(reviewer, submission, now)


def _serialise_on_sqlite(duty: PeerDuty) -> None:
    """SQLite has no row locks: take its one write lock now (a write that changes nothing),
    so the choice below sees every lease committed before it and nobody chooses meanwhile."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(PeerDuty).where(PeerDuty.id == duty.id).values(given=PeerDuty.given)
                           .execution_options(synchronize_session=False))


def _pick(reviewer: Enrollment, lesson_id: int, now: datetime) -> Submission | None:
    query = (eligible(reviewer, lesson_id)
             .order_by(load_of(Submission.id, now), Submission.created_at, Submission.id).limit(1))
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Submission)
    return db.session.scalar(query)


def _lease(reviewer: Enrollment, submission: Submission, now: datetime) -> PeerReview:
    expires = now + timedelta(hours=current_app.config["PEER_LEASE_HOURS"])
    attempt_id = db.session.scalar(select(Attempt.id).where(Attempt.submission_id == submission.id,
                                                            Attempt.number == submission.attempt_count))
    fields = dict(status=Status.LEASED, attempt_id=attempt_id, leased_at=now, lease_expires_at=expires)
    try:
        with db.session.begin_nested():
            row = db.session.scalar(select(PeerReview).where(PeerReview.submission_id == submission.id,
                                                             PeerReview.reviewer_id == reviewer.user_id))
            if row is None:
                row = PeerReview(submission_id=submission.id, lesson_id=submission.lesson_id,
                                 cohort_id=submission.cohort_id, reviewer_id=reviewer.user_id,
                                 reviewer_enrollment_id=reviewer.id, **fields)
                db.session.add(row)
            else:  # an expired lease of this reviewer on this hand-in: the same row again
                for name, value in fields.items():
                    setattr(row, name, value)
    except IntegrityError:
        # The same reviewer asked twice at once: the other request's lease stands.
        existing = open_lease(reviewer, submission.lesson_id)
        if existing is None:
            raise NothingToReview(gettext("Someone took this hand-in at the same moment. Try again.")) from None
        return existing
    return row


def release(review: PeerReview, now: datetime) -> None:
    """The reviewer gives the hand-in back; it returns to the pool (never to them)."""
    if review.status != Status.LEASED:
        raise PeerError(gettext("This review is not open any more."))
    review.status = Status.RELEASED
    review.lease_expires_at = min(review.lease_expires_at, now)
    db.session.flush()


def expire_leases(now: datetime | None = None) -> int:
    """Mark every lease past its time ``expired`` (the periodic job; loads ignore them anyway)."""
    now = now or utcnow()
    return db.session.execute(
        update(PeerReview).where(PeerReview.status == Status.LEASED, PeerReview.lease_expires_at <= now)
        .values(status=Status.EXPIRED, version=PeerReview.version + 1)
        .execution_options(synchronize_session=False)).rowcount


def _calibrated(enrollment_id: int, lesson_id: int) -> bool:
    return db.session.scalar(select(exists().where(PeerCalibration.enrollment_id == enrollment_id,
                                                   PeerCalibration.lesson_id == lesson_id))) is True
