"""What the learner's peer pages read, in a fixed number of queries however many duties."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import contains_eager

from lms.cohorts.models import Cohort, Enrollment
from lms.extensions import db
from lms.peer.models import PeerCalibration, PeerDuty, PeerReview, PeerReviewStatus
from lms.submissions.models import Submission
from lms.tracks.models import Lesson
from lms.tracks.peerspec import peer_settings


@dataclass(frozen=True)
class DutyLine:
    duty: PeerDuty
    lesson: Lesson
    cohort: Cohort
    lease: PeerReview | None       # the open lease, still running
    needs_calibration: bool

    @property
    def to_do(self) -> int:
        return 0 if self.duty.met_at is not None else max(self.duty.required - self.duty.given, 0)


def duty_lines(user_id: int, now: datetime) -> list[DutyLine]:
    """The user's peer duties, newest first, with their open lease and calibration: one query."""
    lease = and_(PeerReview.reviewer_enrollment_id == PeerDuty.enrollment_id,
                 PeerReview.lesson_id == PeerDuty.lesson_id, PeerReview.status == PeerReviewStatus.LEASED,
                 PeerReview.lease_expires_at > now)
    calibrated = and_(PeerCalibration.enrollment_id == PeerDuty.enrollment_id,
                      PeerCalibration.lesson_id == PeerDuty.lesson_id)
    rows = db.session.execute(
        select(PeerDuty, Lesson, Cohort, PeerReview, PeerCalibration.id)
        .join(Enrollment, Enrollment.id == PeerDuty.enrollment_id)
        .join(Lesson, Lesson.id == PeerDuty.lesson_id).join(Cohort, Cohort.id == PeerDuty.cohort_id)
        .outerjoin(PeerReview, lease).outerjoin(PeerCalibration, calibrated)
        .where(Enrollment.user_id == user_id).order_by(PeerDuty.created_at.desc(), PeerDuty.id.desc())).all()
    lines = []
    for duty, lesson, cohort, review, calibration_id in rows:
        example = (peer_settings(lesson.spec) or {}).get("calibration")
        lines.append(DutyLine(duty, lesson, cohort, review, bool(example) and calibration_id is None))
    return lines


def overdue(lines: list[DutyLine], now: datetime, hours: int) -> list[PeerDuty]:
    """Unmet duties old enough for flexible grading (checked when the learner opens the page)."""
    return [line.duty for line in lines if line.duty.met_at is None and line.lease is None
            and now >= line.duty.created_at + timedelta(hours=hours)]


def load_review(review_id: int) -> PeerReview | None:
    """A peer review with its hand-in, attempt, files and lesson (one query)."""
    return db.session.scalar(
        select(PeerReview).join(Submission, Submission.id == PeerReview.submission_id)
        .options(contains_eager(PeerReview.submission)).where(PeerReview.id == review_id))


def duty_of(enrollment_id: int, lesson_id: int) -> PeerDuty | None:
    """The author's own peer-review duty on the assignment, for the mentor's panel."""
    return db.session.scalar(select(PeerDuty).where(PeerDuty.enrollment_id == enrollment_id,
                                                    PeerDuty.lesson_id == lesson_id))


def reviews_owed_by(user_id):
    """Peer reviews the person still owes across their enrolments, as SQL of their id (a
    scalar the dashboard reads with the navigation's facts: ``lms.web.add_nav_fact``)."""
    return (select(func.coalesce(func.sum(PeerDuty.required - PeerDuty.given), 0))
            .join(Enrollment, Enrollment.id == PeerDuty.enrollment_id)
            .where(Enrollment.user_id == user_id, PeerDuty.met_at.is_(None), PeerDuty.given < PeerDuty.required)
            .scalar_subquery())
