"""Feedback on feedback: how helpful learners found each mentor's reviews.

The one place the helpfulness figure is computed: the mentor's feedback page and program
health read :func:`review_helpfulness`, in bulk for many mentors at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from lms.auth.models import User
from lms.cohorts.models import Cohort
from lms.extensions import db
from lms.reviews.models import Review, ReviewRating
from lms.submissions.models import Submission
from lms.tracks.models import Lesson

PAGE_SIZE = 50


@dataclass(frozen=True)
class Helpfulness:
    rated: int    # reviews the learners rated
    helpful: int  # of those, rated helpful

    @property
    def share(self) -> float | None:
        """Helpful ratings as a fraction of all ratings; None before the first rating."""
        return self.helpful / self.rated if self.rated else None

    @property
    def percent(self) -> int | None:
        """Whole percent, rounded down like every percentage here; None before the first rating."""
        return self.helpful * 100 // self.rated if self.rated else None


def review_helpfulness(mentor_ids) -> dict[int, Helpfulness]:
    """mentor id -> Helpfulness of the reviews they wrote, for every id given, in one query."""
    mentor_ids = list(set(mentor_ids))
    if not mentor_ids:
        return {}
    rows = db.session.execute(
        select(Review.reviewer_id, func.count(ReviewRating.id),
               func.sum(case((ReviewRating.helpful.is_(True), 1), else_=0)))
        .join(ReviewRating, ReviewRating.review_id == Review.id)
        .where(Review.reviewer_id.in_(mentor_ids)).group_by(Review.reviewer_id)).all()
    found = {mentor_id: Helpfulness(rated or 0, int(helpful or 0)) for mentor_id, rated, helpful in rows}
    return {mentor_id: found.get(mentor_id, Helpfulness(0, 0)) for mentor_id in mentor_ids}


@dataclass(frozen=True)
class RatingRow:
    helpful: bool
    comment: str
    rated_at: datetime
    lesson_title: str
    cohort_name: str
    reviewed_at: datetime


def ratings_of_mentor(mentor_id: int, page: int = 1) -> tuple[list[RatingRow], int, int]:
    """The ratings of ``mentor_id``'s reviews, newest first: a page of PAGE_SIZE, its number
    (clamped) and the page count."""
    total = review_helpfulness([mentor_id])[mentor_id].rated
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 1), pages)
    rows = db.session.execute(
        select(ReviewRating.helpful, ReviewRating.comment, ReviewRating.updated_at, Lesson.title, Cohort.name,
               Review.created_at)
        .join(Review, Review.id == ReviewRating.review_id)
        .join(Submission, Submission.id == Review.submission_id)
        .join(Lesson, Lesson.id == Submission.lesson_id)
        .join(Cohort, Cohort.id == Submission.cohort_id)
        .where(Review.reviewer_id == mentor_id)
        .order_by(ReviewRating.updated_at.desc(), ReviewRating.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return [RatingRow(*row) for row in rows], page, pages


def reviewers() -> list[tuple[int, str]]:
    """Everyone who wrote a review (for the admins' mentor picker), by name."""
    return [tuple(row) for row in db.session.execute(
        select(User.id, User.name).where(User.id.in_(select(Review.reviewer_id))).order_by(User.name, User.id))]
