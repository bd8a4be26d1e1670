"""The review queue: waiting work a user may review, oldest first, in a constant number of queries."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import aliased

from lms.auth.models import User
from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.permissions import can_review_every_cohort, reviewable_submission_clause
from lms.submissions.models import WAITING_STATUSES, Submission, SubmissionStatus
from lms.tracks.models import Lesson, LessonKind

PAGE_SIZE = 50


@dataclass
class QueueFilters:
    cohort_id: int | None = None
    lesson_id: int | None = None
    mine: bool = False      # only my mentees
    overdue: bool = False   # only work waiting longer than the cohort's turnaround target
    page: int = 1


@dataclass(frozen=True)
class QueueItem:
    submission_id: int
    learner_name: str
    lesson_title: str
    cohort_name: str
    attempt_number: int
    waiting_since: datetime
    turnaround_hours: int
    claimed_by: str | None     # a live claim only
    claimed_at: datetime | None
    is_mentee: bool
    claimed_by_id: int | None = None

    def waiting(self, now: datetime) -> timedelta:
        return now - self.waiting_since

    def is_overdue(self, now: datetime) -> bool:
        return self.waiting(now) > timedelta(hours=self.turnaround_hours)


@dataclass
class QueuePage:
    items: list[QueueItem]
    total: int
    cohorts: list[tuple[int, str]]
    lessons: list[tuple[int, str]]
    page: int
    pages: int


def _reviewer_cohorts(user) -> list[Cohort]:
    query = select(Cohort).where(Cohort.status != CohortStatus.ARCHIVED).order_by(Cohort.name)
    if not can_review_every_cohort(user):
        query = query.join(Enrollment, Enrollment.cohort_id == Cohort.id).where(
            Enrollment.user_id == user.id, Enrollment.role == EnrollmentRole.MENTOR,
            Enrollment.status == EnrollmentStatus.ACTIVE)
    return list(db.session.scalars(query))


def review_queue(user, filters: QueueFilters, now: datetime, claim_minutes: int) -> QueuePage:
    cohorts = _reviewer_cohorts(user)
    track_ids = {c.track_id for c in cohorts}
    lessons = db.session.execute(select(Lesson.id, Lesson.title).where(
        Lesson.track_id.in_(track_ids), Lesson.kind == LessonKind.ASSIGNMENT)
        .order_by(Lesson.track_id, Lesson.position)).all() if track_ids else []

    learner = aliased(User)
    claimer = aliased(User)
    conditions = [Submission.status.in_(WAITING_STATUSES), reviewable_submission_clause(user)]
    if filters.cohort_id:
        conditions.append(Submission.cohort_id == filters.cohort_id)
    if filters.lesson_id:
        conditions.append(Submission.lesson_id == filters.lesson_id)
    if filters.mine:
        conditions.append(Enrollment.mentor_id == user.id)
    if filters.overdue:
        # Each cohort has its own target, so the cut-off is per cohort.
        conditions.append(or_(false(), *(
            and_(Submission.cohort_id == c.id,
                 Submission.waiting_since < now - timedelta(hours=c.review_turnaround_hours))
            for c in cohorts)))
    base = select(Submission.id).join(Enrollment, Enrollment.id == Submission.enrollment_id).where(*conditions)
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(filters.page, 1), pages)
    rows = db.session.execute(
        select(Submission.id, Submission.attempt_count, Submission.waiting_since, Submission.status,
               Submission.claimed_at, learner.name, Lesson.title, Cohort.name, Cohort.review_turnaround_hours,
               claimer.name, Enrollment.mentor_id, Submission.claimed_by_id)
        .join(Enrollment, Enrollment.id == Submission.enrollment_id)
        .join(learner, learner.id == Submission.user_id)
        .join(Lesson, Lesson.id == Submission.lesson_id)
        .join(Cohort, Cohort.id == Submission.cohort_id)
        .outerjoin(claimer, claimer.id == Submission.claimed_by_id)
        .where(*conditions)
        .order_by(Submission.waiting_since, Submission.id)
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    claim_cutoff = now - timedelta(minutes=claim_minutes)
    items = []
    for (sid, number, waiting_since, status, claimed_at, learner_name, title, cohort_name, turnaround,
         claimer_name, mentor_id, claimer_id) in rows:
        live = status == SubmissionStatus.IN_REVIEW and claimed_at is not None and claimed_at > claim_cutoff
        items.append(QueueItem(sid, learner_name, title, cohort_name, number, waiting_since, turnaround,
                               claimer_name if live else None, claimed_at if live else None, mentor_id == user.id,
                               claimer_id if live else None))
    return QueuePage(items, total, [(c.id, c.name) for c in cohorts], [tuple(r) for r in lessons], page, pages)
