"""Lists for mentors and admins: reported peer reviews, and a cohort's peer reviewers with
their agreement with mentors. Each list runs a fixed number of queries, however long."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole
from lms.extensions import db
from lms.peer.agreement import Agreement, agreement_of
from lms.peer.models import PeerReview, PeerReviewStatus, ReportStatus
from lms.permissions import mentored_cohort_ids
from lms.submissions.models import Submission

PAGE_SIZE = 30
SHOWS = {"open": (ReportStatus.OPEN,), "settled": (ReportStatus.CLEARED, ReportStatus.UPHELD)}


@dataclass
class ReportsPage:
    items: list[PeerReview]
    show: str
    page: int
    pages: int
    total: int


def reported_reviews(user, *, everyone: bool, show: str = "open", page: int = 1) -> ReportsPage:
    """Reported peer reviews of the cohorts ``user`` mentors (every cohort when ``everyone``),
    open reports oldest first, settled ones newest first; two queries."""
    show = show if show in SHOWS else "open"
    conditions = [PeerReview.report_status.in_(SHOWS[show])]
    if not everyone:
        conditions.append(PeerReview.cohort_id.in_(mentored_cohort_ids(user)))
    total = db.session.scalar(select(func.count(PeerReview.id)).where(*conditions)) or 0
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 1), pages)
    order = (PeerReview.reported_at, PeerReview.id) if show == "open" else \
        (PeerReview.moderated_at.desc(), PeerReview.id.desc())
    items = list(db.session.scalars(
        select(PeerReview).where(*conditions).options(
            joinedload(PeerReview.reviewer), joinedload(PeerReview.lesson), joinedload(PeerReview.cohort),
            joinedload(PeerReview.submission).joinedload(Submission.user))
        .order_by(*order).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    return ReportsPage(items, show, page, pages, total)


@dataclass(frozen=True)
class ReviewerRow:
    user_id: int
    name: str
    given: int          # submitted peer reviews in this cohort
    rated: int          # of those, rated by their authors
    helpful: int        # rated helpful
    reported: int       # reported by their authors (any outcome)
    agreement: Agreement


def reviewers_of_cohort(cohort_id: int) -> list[ReviewerRow]:
    """The cohort's learners who gave peer reviews there, by name; agreement is over all
    their peer reviews (one figure per person, as on the review page); two queries."""
    submitted = PeerReview.status == PeerReviewStatus.SUBMITTED
    rows = db.session.execute(
        select(User.id, User.name, func.count(PeerReview.id),
               func.count(PeerReview.helpful), func.sum(case((PeerReview.helpful.is_(True), 1), else_=0)),
               func.sum(case((PeerReview.report_status != ReportStatus.NONE, 1), else_=0)))
        .join(Enrollment, Enrollment.user_id == User.id)
        .join(PeerReview, (PeerReview.reviewer_enrollment_id == Enrollment.id) & submitted)
        .where(Enrollment.cohort_id == cohort_id, Enrollment.role == EnrollmentRole.LEARNER)
        .group_by(User.id, User.name).order_by(User.name, User.id)).all()
    agreements = agreement_of(row[0] for row in rows)
    return [ReviewerRow(uid, name, given, rated, helpful or 0, reported or 0, agreements.get(uid, Agreement()))
            for uid, name, given, rated, helpful, reported in rows]
