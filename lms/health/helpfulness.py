"""How helpful learners found each mentor: their ratings of reviews and of answered asks.

The one place program health reads helpfulness. Reviews' figure is the reviews feature's
own (``lms.reviews.helpfulness``: the mentor's feedback page reads the same), re-exported
here; asks' verdicts are counted below. Both count a mentor's ratings across every cohort.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from lms.asks.models import Ask, AskRating
from lms.extensions import db
from lms.health.stats import share
from lms.reviews.helpfulness import Helpfulness, review_helpfulness

__all__ = ["AskVerdicts", "Helpfulness", "ask_verdicts", "review_helpfulness"]


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
