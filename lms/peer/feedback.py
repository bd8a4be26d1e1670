"""Feedback on peer reviews: the author rates them and may report one; mentors settle reports.

- **Rating**: the author marks a submitted peer review of their work helpful or not; they may
  change their mind (``rated_at`` is the latest change).
- **Report**: the author reports a peer review with a reason; it is hidden from them at once
  (``ReportStatus.OPEN``) and the cohort's mentors are told (``peer_review_reported``). A
  review is reported once: after a mentor settled it, it cannot be reported again.
- **Settling**: a mentor of the cohort or an admin *clears* the report (the author sees the
  review again) or *upholds* it (it stays hidden from the author). Only open reports settle.

Who may do what is ``lms.permissions`` (the views ask it); the services check the state.
Two people acting at once: the row's version column turns the second write into a
``StaleDataError`` the views report, so nothing is overwritten unseen.
"""
from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms import signals
from lms.database import utcnow
from lms.errors import DomainError
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.peer.models import PeerReview, PeerReviewStatus, ReportStatus
from lms.submissions.models import Submission

REASON_MAX = 2000
OUTCOMES = {"clear": ReportStatus.CLEARED, "uphold": ReportStatus.UPHELD}


class PeerFeedbackError(DomainError):
    """A rating, report or settlement was refused; the message is safe to show."""


def peer_review_for(peer_review_id: int) -> PeerReview | None:
    """One peer review with what its pages and permission rules read, in one query."""
    return db.session.scalar(select(PeerReview).where(PeerReview.id == peer_review_id).options(
        joinedload(PeerReview.submission).joinedload(Submission.user), joinedload(PeerReview.lesson),
        joinedload(PeerReview.reviewer), joinedload(PeerReview.cohort)))


def _submitted(peer_review: PeerReview) -> None:
    if peer_review.status != PeerReviewStatus.SUBMITTED:
        raise PeerFeedbackError(gettext("This peer review is not written yet."))


def rate(peer_review: PeerReview, helpful: bool, actor) -> PeerReview:
    """The author's verdict: helpful (True) or not (False); changeable."""
    _submitted(peer_review)
    if peer_review.hidden_from_author:
        raise PeerFeedbackError(gettext("You reported this review, so it cannot be rated."))
    if not isinstance(helpful, bool):
        raise PeerFeedbackError(gettext("Choose helpful or not helpful."))
    peer_review.helpful = helpful
    peer_review.rated_at = utcnow()
    db.session.flush()
    return peer_review


def report(peer_review: PeerReview, reason: str, actor) -> PeerReview:
    """Hide the review from its author until a mentor looks; tell the cohort's mentors."""
    _submitted(peer_review)
    reason = (reason or "").strip()
    if not reason:
        raise PeerFeedbackError(gettext("Say what is wrong with this review, so a mentor can look into it."))
    if len(reason) > REASON_MAX:
        raise PeerFeedbackError(gettext("Keep the reason under %(max)s characters.", max=format_number(REASON_MAX)))
    if peer_review.report_status != ReportStatus.NONE:
        raise PeerFeedbackError(gettext("This review was reported already."))
    peer_review.report_status = ReportStatus.OPEN
    peer_review.report_reason = reason
    peer_review.reported_at = utcnow()
    db.session.flush()
    signals.peer_review_reported.send(peer_review, actor=actor)
    return peer_review


def settle(peer_review: PeerReview, outcome: str, actor) -> PeerReview:
    """``"clear"``: shown to the author again; ``"uphold"``: stays hidden from them."""
    if outcome not in OUTCOMES:
        raise PeerFeedbackError(gettext("Choose to clear or to uphold the report."))
    if peer_review.report_status != ReportStatus.OPEN:
        raise PeerFeedbackError(gettext("This report was settled already.") if peer_review.reported_at
                                else gettext("Nobody reported this review."))
    peer_review.report_status = OUTCOMES[outcome]
    peer_review.moderated_by_id = actor.id
    peer_review.moderated_at = utcnow()
    db.session.flush()
    return peer_review


# --- What the pages show -----------------------------------------------------------------

def reviews_of_submission(submission_id: int) -> list[PeerReview]:
    """The submitted peer reviews of a submission, oldest first, with their reviewers (one query)."""
    return list(db.session.scalars(
        select(PeerReview).where(PeerReview.submission_id == submission_id,
                                 PeerReview.status == PeerReviewStatus.SUBMITTED)
        .options(joinedload(PeerReview.reviewer))
        .order_by(PeerReview.submitted_at, PeerReview.id)))


def received_by_author(submission_id: int) -> list[tuple[str, PeerReview]]:
    """What the author sees: (label, review) of the submitted reviews not hidden by a report.

    Peers are numbered by the order their reviews arrived ("Peer 1", "Peer 2"), over all
    the submission's reviews, so a hidden review does not renumber the others.
    """
    return [(gettext("Peer %(number)s", number=number), review)
            for number, review in enumerate(reviews_of_submission(submission_id), start=1)
            if not review.hidden_from_author]


def is_anonymous(lesson) -> bool:
    """Whether the assignment hides reviewers from authors (``spec["peer"]["anonymous"]``).
    Anything but an explicit ``false`` counts as anonymous: a missing flag never reveals names."""
    peer = (lesson.spec or {}).get("peer") if lesson is not None else None
    return not (isinstance(peer, dict) and peer.get("anonymous") is False)
