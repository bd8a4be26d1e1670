"""The mentor queue: waiting reviews and asks a user may take, oldest first, in a constant
number of queries (the asks half comes from ``lms.asks.queue``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, false, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from lms.asks.queue import AskQueueItem, ask_conditions, ask_count, ask_items, ask_keys, mentored_before, queue_cohorts
from lms.auth.models import User
from lms.cohorts.models import Cohort, Enrollment
from lms.extensions import db
from lms.permissions import reviewable_submission_clause
from lms.submissions.models import WAITING_STATUSES, Submission, SubmissionStatus
from lms.tracks.models import Lesson, LessonKind

PAGE_SIZE = 50
KINDS = ("all", "reviews", "asks")


@dataclass
class QueueFilters:
    kind: str = "all"       # all | reviews | asks
    cohort_id: int | None = None
    lesson_id: int | None = None
    mine: bool = False      # only my mentees
    offered: bool = False   # asks: only those offered to me (or that I hold); reviews all stay
    overdue: bool = False   # only work waiting longer than the cohort's target
    page: int = 1

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            self.kind = "all"


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
    learner_id: int = 0
    kind: str = "review"

    def waiting(self, now: datetime) -> timedelta:
        return now - self.waiting_since

    def is_overdue(self, now: datetime) -> bool:
        return self.waiting(now) > timedelta(hours=self.turnaround_hours)


@dataclass
class QueuePage:
    items: list[QueueItem | AskQueueItem]   # reviews and asks merged, oldest wait first
    total: int
    cohorts: list[tuple[int, str]]
    lessons: list[tuple[int, str]]
    page: int
    pages: int
    mentored_before: set[int] = field(default_factory=set)  # learner ids
    reviews_total: int = 0
    asks_total: int = 0


def _review_conditions(user, filters: QueueFilters, cohorts: list[Cohort], now: datetime) -> list:
    """The WHERE clause (on Submission joined to its Enrollment) of the waiting work in the queue."""
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
    return conditions


def _review_items(ids, user, now: datetime, claim_minutes: int) -> dict[int, QueueItem]:
    """The rows of these submissions, by id, in one query (also for none: the count stays constant)."""
    learner = aliased(User)
    claimer = aliased(User)
    rows = db.session.execute(
        select(Submission.id, Submission.attempt_count, Submission.waiting_since, Submission.status,
               Submission.claimed_at, learner.name, Lesson.title, Cohort.name, Cohort.review_turnaround_hours,
               claimer.name, Enrollment.mentor_id, Submission.claimed_by_id, Submission.user_id)
        .join(Enrollment, Enrollment.id == Submission.enrollment_id)
        .join(learner, learner.id == Submission.user_id)
        .join(Lesson, Lesson.id == Submission.lesson_id)
        .join(Cohort, Cohort.id == Submission.cohort_id)
        .outerjoin(claimer, claimer.id == Submission.claimed_by_id)
        .where(Submission.id.in_(list(ids)))).all()
    claim_cutoff = now - timedelta(minutes=claim_minutes)
    items = {}
    for (sid, number, waiting_since, status, claimed_at, learner_name, title, cohort_name, turnaround,
         claimer_name, mentor_id, claimer_id, learner_id) in rows:
        live = status == SubmissionStatus.IN_REVIEW and claimed_at is not None and claimed_at > claim_cutoff
        items[sid] = QueueItem(sid, learner_name, title, cohort_name, number, waiting_since, turnaround,
                               claimer_name if live else None, claimed_at if live else None, mentor_id == user.id,
                               claimer_id if live else None, learner_id)
    return items


def review_queue(user, filters: QueueFilters, now: datetime, claim_minutes: int,
                 ask_claim_minutes: int) -> QueuePage:
    """One queue of waiting reviews and asks, oldest wait first, in a constant number of queries.

    Both halves are counted, then one UNION of (kind, id, waiting time) picks the page, so a
    page is right however the two kinds interleave; then each kind's rows load in one query.
    """
    cohorts = queue_cohorts(user)
    track_ids = {c.track_id for c in cohorts}
    lessons = db.session.execute(select(Lesson.id, Lesson.title).where(
        Lesson.track_id.in_(track_ids), Lesson.kind == LessonKind.ASSIGNMENT)
        .order_by(Lesson.track_id, Lesson.position)).all() if track_ids else []

    halves = []
    reviews_total = asks_total = 0
    if filters.kind in ("all", "reviews"):
        conditions = _review_conditions(user, filters, cohorts, now)
        halves.append(select(literal("review").label("kind"), Submission.id.label("id"),
                             Submission.waiting_since.label("waiting_since"))
                      .join(Enrollment, Enrollment.id == Submission.enrollment_id).where(*conditions))
        reviews_total = db.session.scalar(select(func.count(Submission.id)).join(
            Enrollment, Enrollment.id == Submission.enrollment_id).where(*conditions)) or 0
    if filters.kind in ("all", "asks"):
        conditions = ask_conditions(user, filters, cohorts, now, ask_claim_minutes)
        halves.append(ask_keys(conditions))
        asks_total = ask_count(conditions)
    total = reviews_total + asks_total
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(filters.page, 1), pages)
    merged = union_all(*halves).subquery() if len(halves) > 1 else halves[0].subquery()
    keys = db.session.execute(select(merged.c.kind, merged.c.id)
                              .order_by(merged.c.waiting_since, merged.c.kind.desc(), merged.c.id)
                              .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    # Each kind the filter shows loads its rows in one query, even when the page has none of
    # them, so the count of queries never depends on the data.
    reviews = _review_items([i for k, i in keys if k == "review"], user, now, claim_minutes) \
        if filters.kind != "asks" else {}
    asks = ask_items([i for k, i in keys if k == "ask"], user, now, ask_claim_minutes) \
        if filters.kind != "reviews" else {}
    items = [(reviews if kind == "review" else asks).get(key) for kind, key in keys]
    items = [item for item in items if item is not None]
    return QueuePage(items, total, [(c.id, c.name) for c in cohorts], [tuple(r) for r in lessons], page, pages,
                     mentored_before(user.id, [item.learner_id for item in items]), reviews_total, asks_total)
