"""How helpful learners found each mentor: their ratings of reviews and of answered asks.

The one place program health reads helpfulness. ``review_helpfulness`` has the signature
of ``lms.reviews.helpfulness.review_helpfulness`` (feedback on feedback, built beside this
package); when both are merged this module should call that one instead of its own query.
Both count a mentor's ratings across every cohort.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import case, func, select

from lms.asks.models import Ask, AskRating
from lms.extensions import db
from lms.health.stats import share
from lms.reviews.models import Review, ReviewRating


@dataclass(frozen=True)
class Helpfulness:
    """A mentor's rated reviews and how many of them the learner found helpful."""

    rated: int = 0
    helpful: int = 0

    @property
    def percent(self) -> int | None:
        return share(self.helpful, self.rated)


@dataclass(frozen=True)
class AskVerdicts:
    """The learners' ratings of the asks a mentor answered."""

    helpful: int = 0
    somewhat: int = 0
    not_helpful: int = 0

    @property
    def rated(self) -> int:
        return self.helpful + self.somewhat + self.not_helpful

    @property
    def percent(self) -> int | None:
        """The share rated "helpful" (somewhat is not counted as helpful)."""
        return share(self.helpful, self.rated)


def review_helpfulness(mentor_ids: Iterable[int]) -> dict[int, Helpfulness]:
    """Mentor id -> their rated reviews (every mentor asked is in the result): one query."""
    ids = sorted(set(mentor_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(Review.reviewer_id, func.count(ReviewRating.id),
               func.sum(case((ReviewRating.helpful.is_(True), 1), else_=0)))
        .join(ReviewRating, ReviewRating.review_id == Review.id)
        .where(Review.reviewer_id.in_(ids)).group_by(Review.reviewer_id))
    found = {mentor_id: Helpfulness(rated, int(helpful or 0)) for mentor_id, rated, helpful in rows}
    return {i: found.get(i, Helpfulness()) for i in ids}


def ask_verdicts(mentor_ids: Iterable[int]) -> dict[int, AskVerdicts]:
    """Mentor id -> the ratings of the asks they are the mentor of: one query."""
    ids = sorted(set(mentor_ids))
    if not ids:
        return {}
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    for mentor_id, rating, count in db.session.execute(
            select(Ask.mentor_id, Ask.rating, func.count(Ask.id))
            .where(Ask.mentor_id.in_(ids), Ask.rating.is_not(None)).group_by(Ask.mentor_id, Ask.rating)):
        counts[mentor_id][AskRating(rating).value] = count
    return {i: AskVerdicts(**c) for i, c in counts.items()}
