"""What a mentor knows of a learner already: the work they reviewed before and the learner's
asks, for the review page and the queue's "mentored before" (two queries for the page)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from lms.asks.models import Ask, AskState
from lms.cohorts.models import Cohort
from lms.extensions import db
from lms.reviews.models import Review
from lms.submissions.models import Submission
from lms.tracks.models import Lesson


def reviewed_learners(user_id: int, learner_ids):
    """The learners (of ``learner_ids``) whose work ``user_id`` reviewed: registered as a
    "mentored before" source of the queue (``lms.asks.queue.MENTORED_BEFORE``)."""
    return (select(Submission.user_id).join(Review, Review.submission_id == Submission.id)
            .where(Review.reviewer_id == user_id, Submission.user_id.in_(list(learner_ids))))


@dataclass(frozen=True)
class ReviewedWork:
    submission_id: int
    lesson_title: str
    cohort_name: str
    reviews: int
    last_reviewed_at: datetime


@dataclass(frozen=True)
class LearnerAsk:
    ask_id: int
    title: str
    state: AskState
    created_at: datetime


@dataclass(frozen=True)
class LearnerHistory:
    reviewed_before: list[ReviewedWork]  # this reviewer's earlier reviews of the learner, newest first
    asks: list[LearnerAsk]               # the learner's asks in the submission's cohort, newest first


def learner_history(reviewer_id: int, submission: Submission, limit: int = 20) -> LearnerHistory:
    """Reviews ``reviewer_id`` wrote of the learner's work (any cohort, this submission included
    when an earlier attempt was theirs), and the learner's asks in this cohort."""
    reviewed = db.session.execute(
        select(Submission.id, Lesson.title, Cohort.name, func.count(Review.id), func.max(Review.created_at))
        .join(Review, Review.submission_id == Submission.id)
        .join(Lesson, Lesson.id == Submission.lesson_id)
        .join(Cohort, Cohort.id == Submission.cohort_id)
        .where(Submission.user_id == submission.user_id, Review.reviewer_id == reviewer_id)
        .group_by(Submission.id, Lesson.title, Cohort.name)
        .order_by(func.max(Review.created_at).desc(), Submission.id.desc()).limit(limit)).all()
    asks = db.session.execute(
        select(Ask.id, Ask.title, Ask.state, Ask.created_at)
        .where(Ask.user_id == submission.user_id, Ask.cohort_id == submission.cohort_id)
        .order_by(Ask.created_at.desc(), Ask.id.desc()).limit(limit)).all()
    return LearnerHistory([ReviewedWork(*row) for row in reviewed], [LearnerAsk(*row) for row in asks])
