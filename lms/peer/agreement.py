"""A peer reviewer's agreement with mentors, and when peers disagree with each other.

**Agreement** (the one definition, used on the review page and the mentor's reviewer list):
over a reviewer's *submitted* peer reviews whose attempt later got a mentor ``Review``, the
share of criteria where the peer chose **exactly the same level** as the mentor. Criteria are
paired by name (case and spacing ignored) between the peer rubric and the mentor's rubric as
each was when scored, and only when both have the same number of levels, so a lighter peer
rubric's other criteria are left out instead of compared on a different scale. A criterion
either side left unscored is left out too. Exact, not "within one level": with three or
four levels per criterion, one level apart is already most of the scale.

**Disagreement**: the submitted peer reviews of one attempt disagree widely when their
totals, as a percentage of the peer rubric's points, lie ``PEER_DISAGREEMENT_SPREAD``
points apart or more (default 40). One review never disagrees with itself. The queue asks
it in SQL (:func:`disagreement_condition`), the review page in Python
(:func:`peers_disagree`); a test keeps the two the same.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from flask import current_app
from sqlalchemy import func, literal, select

from lms.extensions import db
from lms.peer.models import PeerReview, PeerReviewStatus
from lms.reviews.models import Review
from lms.submissions.models import Attempt, Submission


@dataclass(frozen=True)
class Agreement:
    reviews: int = 0    # peer reviews compared with a mentor's review
    criteria: int = 0   # criteria compared
    agreed: int = 0     # criteria on the mentor's level

    @property
    def percent(self) -> int | None:
        """Whole percent, or None before anything could be compared."""
        return round(100 * self.agreed / self.criteria) if self.criteria else None


def _key(name) -> str:
    return " ".join(str(name or "").split()).casefold()


def level_pairs(peer_rubric: list, peer_scores: list, mentor_rubric: list, mentor_scores: list) -> list[tuple]:
    """(peer level, mentor level) of the criteria both scored, paired as the module says."""
    mentor = {}
    for criterion, score in zip(mentor_rubric or [], mentor_scores or [], strict=False):
        if isinstance(criterion, dict) and isinstance(score, dict):
            mentor.setdefault(_key(criterion.get("name")), (len(criterion.get("levels") or []), score.get("level")))
    pairs = []
    for criterion, score in zip(peer_rubric or [], peer_scores or [], strict=False):
        if not (isinstance(criterion, dict) and isinstance(score, dict)):
            continue
        levels, mentor_level = mentor.get(_key(criterion.get("name")), (None, None))
        peer_level = score.get("level")
        if levels == len(criterion.get("levels") or []) and isinstance(peer_level, int) \
                and isinstance(mentor_level, int):
            pairs.append((peer_level, mentor_level))
    return pairs


def agreement_of(reviewer_ids: Iterable[int]) -> dict[int, Agreement]:
    """Each reviewer's agreement with mentors, in one query whatever the number of reviewers."""
    ids = sorted({int(i) for i in reviewer_ids})
    if not ids:
        return {}
    rows = db.session.execute(
        select(PeerReview.reviewer_id, PeerReview.rubric_snapshot, PeerReview.scores,
               Review.rubric_snapshot, Review.scores)
        .join(Review, Review.attempt_id == PeerReview.attempt_id)
        .where(PeerReview.reviewer_id.in_(ids), PeerReview.status == PeerReviewStatus.SUBMITTED)).all()
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for reviewer_id, peer_rubric, peer_scores, mentor_rubric, mentor_scores in rows:
        pairs = level_pairs(peer_rubric, peer_scores, mentor_rubric, mentor_scores)
        if pairs:
            count = counts[reviewer_id]
            count[0] += 1
            count[1] += len(pairs)
            count[2] += sum(1 for peer, mentor in pairs if peer == mentor)
    return {reviewer_id: Agreement(*count) for reviewer_id, count in counts.items()}


# --- Peers disagreeing -----------------------------------------------------------------

def disagreement_spread() -> int:
    return int(current_app.config["PEER_DISAGREEMENT_SPREAD"])


def percent_of(review: PeerReview) -> float | None:
    return 100.0 * review.total_points / review.max_points if review.max_points else None


def peers_disagree(reviews: Iterable[PeerReview], attempt_id: int, spread: int) -> bool:
    """The submitted reviews of ``attempt_id`` lie ``spread`` percentage points apart or more."""
    percents = [p for r in reviews if r.attempt_id == attempt_id and r.status == PeerReviewStatus.SUBMITTED
                for p in [percent_of(r)] if p is not None]
    return len(percents) > 1 and max(percents) - min(percents) >= spread


def disagreement_condition():
    """SQL, correlated to ``Submission``: the peers of its latest attempt disagree widely."""
    percent = PeerReview.total_points * literal(100.0) / PeerReview.max_points
    spread = (select(func.max(percent) - func.min(percent))
              .join(Attempt, Attempt.id == PeerReview.attempt_id)
              .where(PeerReview.submission_id == Submission.id, Attempt.number == Submission.attempt_count,
                     PeerReview.status == PeerReviewStatus.SUBMITTED, PeerReview.max_points > 0)
              .correlate(Submission).scalar_subquery())
    return func.coalesce(spread, 0) >= disagreement_spread()
