"""Rows program health reads, written directly with the moments a test chooses: asks and their
replies, submissions with attempts and reviews, and the learners' ratings of those reviews."""
from __future__ import annotations

import uuid
from datetime import datetime

from lms.asks.models import Ask, AskRating, AskReply, AskState, ReplyKind
from lms.cohorts.models import Enrollment
from lms.extensions import db
from lms.reviews.models import Decision, Review, ReviewRating
from lms.submissions.models import Attempt, Submission, SubmissionStatus
from lms.tracks.models import Lesson


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
