"""Rows program health reads, written directly with the moments a test chooses: asks and their
replies, submissions with attempts and reviews, and the learners' ratings of those reviews; and a
busy cohort written in bulk (for query counts and bench/health.py)."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from lms.asks.models import Ask, AskRating, AskReply, AskState, ReplyKind
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.extensions import db
from lms.reviews.models import Decision, Review, ReviewRating
from lms.submissions.models import Attempt, Submission, SubmissionStatus
from lms.tracks.models import Lesson
from tests.factories.auth import make_user
from tests.factories.cohorts import bulk_learners, enrol, lessons_of, make_cohort, make_track


def make_ask(enrollment: Enrollment, *, created_at: datetime, title: str = "Is my pricing table right?",
             state: AskState = AskState.AWAITING_MENTOR, mentor=None, first_response_at: datetime | None = None,
             waiting_since: datetime | None = None, resolved_at: datetime | None = None,
             rating: AskRating | None = None) -> Ask:
    ask = Ask(cohort_id=enrollment.cohort_id, enrollment_id=enrollment.id, user_id=enrollment.user_id, title=title,
              state=state, mentor_id=mentor.id if mentor is not None else None, created_at=created_at,
              offered_at=created_at, first_response_at=first_response_at,
              waiting_since=waiting_since or first_response_at or created_at, resolved_at=resolved_at,
              rating=rating, rated_at=resolved_at if rating else None)
    db.session.add(ask)
    db.session.flush()
    return ask


def make_reply(ask: Ask, author_id: int, *, at: datetime, body: str = "Thanks, here is more.") -> AskReply:
    reply = AskReply(ask_id=ask.id, author_id=author_id, kind=ReplyKind.REPLY, body=body, body_html=f"<p>{body}</p>",
                     created_at=at)
    db.session.add(reply)
    db.session.flush()
    return reply


def make_submission(enrollment: Enrollment, lesson: Lesson, attempts: list[tuple], *,
                    status: SubmissionStatus) -> Submission:
    """``attempts``: (submitted_at, reviewed_at or None, reviewer or None, helpful rating or None) in order.
    The last attempt, when unreviewed and the status waits for a mentor, waits since it was handed in."""
    last_submitted, last_reviewed = attempts[-1][0], attempts[-1][1]
    waiting = status in (SubmissionStatus.SUBMITTED, SubmissionStatus.IN_REVIEW) and last_reviewed is None
    submission = Submission(cohort_id=enrollment.cohort_id, enrollment_id=enrollment.id, user_id=enrollment.user_id,
                            lesson_id=lesson.id, status=status, attempt_count=len(attempts),
                            waiting_since=last_submitted if waiting else None, created_at=attempts[0][0],
                            decided_at=last_reviewed)
    db.session.add(submission)
    db.session.flush()
    for number, (submitted_at, reviewed_at, reviewer, helpful) in enumerate(attempts, 1):
        attempt = Attempt(submission_id=submission.id, number=number, text=f"Attempt {number}",
                          submitted_at=submitted_at, idempotency_key=uuid.uuid4().hex)
        db.session.add(attempt)
        db.session.flush()
        if reviewed_at is None:
            continue
        final = number == len(attempts)
        decision = Decision.APPROVE if final and status == SubmissionStatus.APPROVED else Decision.REQUEST_CHANGES
        review = Review(submission_id=submission.id, attempt_id=attempt.id,
                        reviewer_id=reviewer.id if reviewer is not None else None, decision=decision,
                        passed=decision == Decision.APPROVE, created_at=reviewed_at)
        db.session.add(review)
        db.session.flush()
        if helpful is not None:
            db.session.add(ReviewRating(review_id=review.id, user_id=enrollment.user_id, helpful=helpful,
                                        created_at=reviewed_at))
    db.session.flush()
    return submission


def busy_cohort(learners: int, *, starts_on: date, now: datetime) -> Cohort:
    """A cohort whose every learner has an answered ask and a reviewed, rated hand-in."""
    track = make_track()
    assignment = [lesson for lesson in lessons_of(track) if lesson.kind.value == "assignment"][0]
    cohort = make_cohort(track, starts_on=starts_on)
    mentor = make_user()
    enrol(cohort, mentor, EnrollmentRole.MENTOR, max_mentees=learners)
    bulk_learners(cohort, learners, mentor=mentor)
    rows = db.session.execute(select(Enrollment.id, Enrollment.user_id).where(
        Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.LEARNER)).all()
    asked = now - timedelta(hours=30)
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
