"""Claiming work and reviewing it. Services flush but never commit; the caller commits once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext
from sqlalchemy import select

from lms import permissions, signals
from lms.audit.services import record
from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus
from lms.database import utcnow
from lms.errors import DomainError
from lms.extensions import db
from lms.permissions import cohort_accepts_work
from lms.reviews import grading
from lms.reviews.models import Decision, Review
from lms.submissions.models import Submission, SubmissionStatus as S
from lms.submissions.services import attempts_left
from lms.submissions.states import InvalidTransition, transition

_DECISION_STATE = {Decision.APPROVE: S.APPROVED, Decision.REQUEST_CHANGES: S.CHANGES_REQUESTED,
                   Decision.NOT_PASSED: S.NOT_PASSED}


class ReviewError(DomainError):
    """A review was refused; the message is safe to show."""


class AlreadyClaimed(ReviewError):
    pass


class ReviewConflict(ReviewError):
    """Someone else reviewed or claimed this attempt meanwhile; ``review`` is theirs if any."""

    def __init__(self, message: str, review: Review | None = None):
        super().__init__(message)
        self.review = review


class DecisionRefused(ReviewError):
    pass


@dataclass
class ReviewData:
    attempt_id: int
    version: int
    decision: Decision
    levels: list[int | None]   # chosen level index per criterion, in rubric order
    comments: list[str]
    feedback: str = ""


def claim_minutes() -> int:
    return current_app.config["REVIEW_CLAIM_MINUTES"]


def claim_is_live(submission: Submission, now: datetime | None = None) -> bool:
    """A claim counts while it is younger than REVIEW_CLAIM_MINUTES."""
    if submission.status != S.IN_REVIEW or submission.claimed_at is None:
        return False
    return (now or utcnow()) < submission.claimed_at + timedelta(minutes=claim_minutes())


def _expire(submission: Submission) -> None:
    transition(submission, S.SUBMITTED, None, action="claim_expired",
               claimed_by=submission.claimed_by_id)


def claim(submission: Submission, mentor) -> None:
    """Mark the work as being reviewed by ``mentor``; refuse while another live claim exists."""
    if submission.status == S.IN_REVIEW:
        if submission.claimed_by_id == mentor.id and claim_is_live(submission):
            submission.claimed_at = utcnow()  # renew
            record(mentor, "claim_renewed", submission)
            return
        if claim_is_live(submission):
            if submission.claimed_by is None:
                raise AlreadyClaimed(gettext("Another mentor is already reviewing this work."))
            raise AlreadyClaimed(gettext("%(name)s is already reviewing this work.", name=submission.claimed_by.name))
        _expire(submission)
    transition(submission, S.IN_REVIEW, mentor)


def release(submission: Submission, actor) -> None:
    """Give the work back to the queue (the claimant, or an admin)."""
    if submission.status != S.IN_REVIEW:
        raise InvalidTransition(gettext("This work is not being reviewed."))
    if not permissions.can_release_claim(actor, submission):
        raise ReviewError(gettext("Only the mentor reviewing this work can release it."))
    transition(submission, S.SUBMITTED, actor)


def expire_claims(now: datetime | None = None) -> int:
    """Return work whose claim is older than REVIEW_CLAIM_MINUTES to the queue."""
    cutoff = (now or utcnow()) - timedelta(minutes=claim_minutes())
    stale = db.session.scalars(select(Submission).where(
        Submission.status == S.IN_REVIEW, Submission.claimed_at < cutoff).with_for_update(skip_locked=True)).all()
    for submission in stale:
        _expire(submission)
    db.session.flush()
    return len(stale)


def release_claims_in_cohort(mentor_id: int, cohort_id: int, actor=None) -> int:
    """Give back to the queue all work ``mentor_id`` is reviewing in ``cohort_id``, live claims too."""
    claimed = db.session.scalars(select(Submission).where(
        Submission.cohort_id == cohort_id, Submission.claimed_by_id == mentor_id,
        Submission.status == S.IN_REVIEW).with_for_update()).all()
    for submission in claimed:
        transition(submission, S.SUBMITTED, actor, action="claim_released_on_withdrawal", claimed_by=mentor_id)
    db.session.flush()
    return len(claimed)


def on_enrollment_changed(enrollment: Enrollment, *, from_status=None, to_status=None, actor=None, **_) -> None:
    """``enrollment_changed`` receiver: a mentor who stops being active in a cohort (withdrawn)
    releases their claims there at once, so they stop blocking the other mentors."""
    if (enrollment.role == EnrollmentRole.MENTOR and from_status == EnrollmentStatus.ACTIVE
            and to_status != EnrollmentStatus.ACTIVE):
        release_claims_in_cohort(enrollment.user_id, enrollment.cohort_id, actor)


def review_for_attempt(attempt_id: int) -> Review | None:
    return db.session.scalar(select(Review).where(Review.attempt_id == attempt_id))


def decisions_possible(submission: Submission) -> set[Decision]:
    """What the reviewer may decide for the current attempt (points aside).

    "Request changes" needs another attempt to be possible: attempts left and a cohort
    still accepting work. "Not passed" is the final answer exactly when no further
    attempt is possible: the attempts are used up or the cohort has finished.
    """
    further = cohort_accepts_work(submission.cohort) and attempts_left(submission, submission.lesson) != 0
    return {Decision.APPROVE, Decision.REQUEST_CHANGES} if further else {Decision.APPROVE, Decision.NOT_PASSED}


def _check_conflict(submission: Submission, data: ReviewData, mentor) -> None:
    existing = review_for_attempt(data.attempt_id)
    if existing is not None:
        raise ReviewConflict(gettext("This attempt was reviewed meanwhile."), existing)
    current = submission.current_attempt
    if current is None or current.id != data.attempt_id:
        raise ReviewConflict(gettext("The learner handed in a newer attempt meanwhile; review that one."))
    if submission.status not in (S.SUBMITTED, S.IN_REVIEW):
        raise ReviewConflict(gettext("This work is no longer waiting for review."))
    if data.version != submission.version and claim_is_live(submission) and submission.claimed_by_id != mentor.id:
        if submission.claimed_by is None:
            raise ReviewConflict(gettext(
                "Another mentor claimed this work after you opened it and is reviewing it now."))
        raise ReviewConflict(gettext("%(name)s claimed this work after you opened it and is reviewing it now.",
                                     name=submission.claimed_by.name))


def review_attempt(submission: Submission, data: ReviewData, mentor) -> Review:
    """Grade the current attempt and decide; the totals are computed here, never taken from a form."""
    _check_conflict(submission, data, mentor)
    if claim_is_live(submission) and submission.claimed_by_id != mentor.id:
        raise AlreadyClaimed(gettext("%(name)s is reviewing this work; wait or ask them.",
                                     name=submission.claimed_by.name))
    lesson = submission.lesson
    rubric = grading.snapshot_rubric(lesson.spec)
    pass_points = grading.pass_points_of(lesson.spec)
    # Requesting changes may leave criteria unscored; approving and closing need all of them.
    grade = grading.grade(rubric, data.levels, data.comments, pass_points,
                          partial=data.decision == Decision.REQUEST_CHANGES)
    if data.decision not in decisions_possible(submission):
        if data.decision == Decision.REQUEST_CHANGES:
            raise DecisionRefused(gettext("No further attempt is possible (attempts used up or the cohort has "
                                          "finished): approve the work or record it as not passed."))
        raise DecisionRefused(gettext("“Not passed” is for the last possible attempt; request changes instead."))
    if data.decision == Decision.APPROVE and not grade.passed:
        raise DecisionRefused(gettext("The total is %(total)s points, below the %(pass_points)s needed to pass: "
                                      "request changes instead of approving.", total=grade.total,
                                      pass_points=pass_points))
    if submission.status == S.IN_REVIEW and submission.claimed_by_id != mentor.id:
        _expire(submission)  # an expired claim of someone else
    attempt = submission.current_attempt
    review = Review(submission=submission, attempt_id=attempt.id, reviewer_id=mentor.id, decision=data.decision,
                    rubric_snapshot=rubric, scores=grade.scores, total_points=grade.total,
                    max_points=grade.max_points, pass_points=pass_points, passed=grade.passed,
                    feedback=data.feedback or "")
    db.session.add(review)
    db.session.flush()
    transition(submission, _DECISION_STATE[data.decision], mentor, review=review.id, attempt=attempt.number,
               total=grade.total)
    db.session.flush()
    signals.review_decided.send(review, submission=submission, decision=data.decision, actor=mentor)
    return review
