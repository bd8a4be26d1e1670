"""Feedback on feedback: a learner rates a review they received (one rating per review,
changeable). Flushes but never commits; the caller commits once."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms import signals
from lms.database import utcnow
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.permissions import can_rate_review
from lms.reviews.models import Review, ReviewRating

COMMENT_MAX = 2_000


@dataclass
class RatingData:
    helpful: bool
    comment: str = ""   # plain text, shown escaped


def rate_review(review: Review, data: RatingData, actor) -> ReviewRating:
    """Save ``actor``'s rating of ``review`` (a second rating replaces the first) and send
    ``review_rated``. Two first ratings at once make one row: the unique review_id decides."""
    if not can_rate_review(actor, review):
        raise PermissionDenied(gettext("Only the learner whose work was reviewed can rate the review."))
    comment = data.comment.strip()[:COMMENT_MAX]
    rating = db.session.scalar(select(ReviewRating).where(ReviewRating.review_id == review.id))
    if rating is None:
        try:
            with db.session.begin_nested():
                rating = ReviewRating(review_id=review.id, user_id=actor.id, helpful=data.helpful, comment=comment)
                db.session.add(rating)
        except IntegrityError:  # the same learner's other request saved one first
            rating = db.session.scalar(select(ReviewRating).where(ReviewRating.review_id == review.id))
    rating.helpful, rating.comment, rating.updated_at = data.helpful, comment, utcnow()
    db.session.flush()
    signals.review_rated.send(rating, actor=actor)
    return rating
