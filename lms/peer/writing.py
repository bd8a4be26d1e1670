"""Writing a peer review: scores on the peer rubric, comments, and blocking a peer.

The server computes totals from the chosen level per criterion (lms.reviews.grading); the
overall comment is rendered once through the sanitising renderer. ``version`` comes from
the form: a second submit of the same form (double click, second tab) is refused, never
stored twice, and counts once towards the reviewer's duty.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms import signals
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.peer import duties
from lms.peer.errors import InvalidPeerReview, PeerError, StalePeerReview
from lms.peer.models import PeerBlock, PeerReview, PeerReviewStatus
from lms.rendering import render_user_markdown
from lms.reviews.grading import GradingError, grade, snapshot_rubric
from lms.tracks.peerspec import peer_settings

COMMENT_MAX = 10_000
CRITERION_COMMENT_MAX = 2_000
BLOCK_REASON_MAX = 500


@dataclass(frozen=True)
class PeerReviewData:
    version: int
    levels: list[int | None] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    comment: str = ""


def peer_rubric(review: PeerReview) -> list[dict]:
    """The rubric the reviewer scores on: the stored snapshot once written, the lesson's before."""
    if review.status == PeerReviewStatus.SUBMITTED:
        return review.rubric_snapshot or []
    return snapshot_rubric({"rubric": (peer_settings(review.lesson.spec) or {}).get("rubric") or []})


def submit_review(review: PeerReview, data: PeerReviewData, actor, now: datetime) -> PeerReview:
    if data.version != review.version:
        raise StalePeerReview(gettext("This review changed since you opened it (was it sent from another tab?)."))
    if review.status != PeerReviewStatus.LEASED:
        raise PeerError(gettext("This review is not open any more: it was sent, given back or ran out."))
    comment = (data.comment or "").strip()
    if len(comment) > COMMENT_MAX or any(len(c or "") > CRITERION_COMMENT_MAX for c in data.comments):
        raise InvalidPeerReview(gettext("Keep the comment under %(max)s characters and each criterion's comment "
                                        "under %(criterion_max)s.", max=format_number(COMMENT_MAX),
                                        criterion_max=format_number(CRITERION_COMMENT_MAX)))
    rubric = peer_rubric(review)
    try:
        result = grade(rubric, data.levels, data.comments, None)
    except GradingError as error:
        raise InvalidPeerReview(gettext("Choose a level for every criterion."), {
            index: gettext("Choose a level for “%(criterion)s”.", criterion=rubric[index]["name"])
            for index in error.errors}) from None
    if not rubric and not comment:
        raise InvalidPeerReview(gettext("Write what you noticed: this assignment has no rubric to score."))
    review.scores, review.rubric_snapshot = result.scores, rubric
    review.total_points, review.max_points = result.total, result.max_points
    review.comment, review.comment_html = comment, render_user_markdown(comment)
    review.status, review.submitted_at = PeerReviewStatus.SUBMITTED, now
    db.session.flush()   # the version check: a concurrent submit raises StaleDataError here
    duties.record_given(review.reviewer_enrollment_id, review.lesson_id, now)
    signals.peer_review_submitted.send(review, actor=actor)
    return review


def block_author(review: PeerReview, reason: str, now: datetime) -> PeerBlock:
    """The reviewer never gets this author's work again (nor they the reviewer's); the lease is given back."""
    reason = (reason or "").strip()
    if len(reason) > BLOCK_REASON_MAX:
        raise PeerError(gettext("Keep the reason under %(max)s characters.", max=format_number(BLOCK_REASON_MAX)))
    author_id = review.submission.user_id
    block = db.session.scalar(select(PeerBlock).where(PeerBlock.user_id == review.reviewer_id,
                                                      PeerBlock.blocked_user_id == author_id))
    if block is None:
        block = PeerBlock(user_id=review.reviewer_id, blocked_user_id=author_id, reason=reason, created_at=now)
        try:
            with db.session.begin_nested():
                db.session.add(block)
        except IntegrityError:
            block = db.session.scalar(select(PeerBlock).where(PeerBlock.user_id == review.reviewer_id,
                                                              PeerBlock.blocked_user_id == author_id))
    if review.status == PeerReviewStatus.LEASED:
        review.status = PeerReviewStatus.RELEASED
        review.lease_expires_at = min(review.lease_expires_at, now)
        db.session.flush()
    return block
