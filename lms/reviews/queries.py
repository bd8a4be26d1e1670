"""The mentor queue: waiting reviews and asks a user may take, oldest first, in a constant
number of queries (the asks half comes from ``lms.asks.queue``).

Features above may raise *flags* on waiting work (:func:`add_queue_flag`; peer review's
"Peers disagree"): flagged work comes before the rest, oldest first among itself, and its
row shows the flag. A flag is one SQL condition on ``Submission``, so it costs no query.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from flask import Flask, current_app
from sqlalchemy import and_, case, false, func, literal, or_, select, union_all

from lms.asks.queue import AskQueueItem, ask_conditions, ask_count, ask_items, ask_keys, mentored_before, queue_cohorts
from lms.auth.models import User
from lms.cohorts.models import Cohort, Enrollment
from lms.database import alias
from lms.extensions import db
from lms.permissions import reviewable_submission_clause
from lms.submissions.models import WAITING_STATUSES, Submission, SubmissionStatus
from lms.tracks.models import Lesson, LessonKind

PAGE_SIZE = 50
KINDS = ("all", "reviews", "asks")
# app.extensions key: the ``QueueFlag``s features above registered.
QUEUE_FLAGS = "lms.reviews.queue_flags"


@dataclass(frozen=True)
class QueueFlag:
    label: str                       # the badge on the queue row
    condition: Callable[[], object]  # a boolean SQL condition on ``Submission`` (correlated)


def add_queue_flag(app: Flask, label: str, condition: Callable[[], object]) -> None:
    """Raise ``label`` on waiting work where ``condition()`` holds and move it up the queue."""
    app.extensions.setdefault(QUEUE_FLAGS, []).append(QueueFlag(label, condition))


def queue_flags() -> list[QueueFlag]:
    return list(current_app.extensions.get(QUEUE_FLAGS, ()))


def review_keys(conditions: list, flags: list[QueueFlag]):
    """(kind, id, waiting_since, priority) of the waiting work: the reviews half of the UNION.
    ``priority`` counts the flags raised; the queue orders by it first."""
    priority = sum((case((flag.condition(), 1), else_=0) for flag in flags), literal(0))
    return (select(literal("review").label("kind"), Submission.id.label("id"),
                   Submission.waiting_since.label("waiting_since"), priority.label("priority"))
            .join(Enrollment, Enrollment.id == Submission.enrollment_id).where(*conditions))


def ask_half(conditions: list):
    """The asks half of the UNION, with the priority column (asks raise no flags)."""
    return ask_keys(conditions).add_columns(literal(0).label("priority"))


def queue_order(merged) -> tuple:
    """Flagged work first, then the oldest wait, reviews before asks at the same moment."""
    return merged.c.priority.desc(), merged.c.waiting_since, merged.c.kind.desc(), merged.c.id


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
    flags: tuple[str, ...] = ()   # labels of the queue flags raised (e.g. "Peers disagree")

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


def _review_items(ids, user, now: datetime, claim_minutes: int, flags: list[QueueFlag]) -> dict[int, QueueItem]:
    """The rows of these submissions, by id, in one query (also for none: the count stays constant)."""
    learner, claimer = alias(User, "queue_learner"), alias(User, "queue_claimer")
    rows = db.session.execute(
        select(Submission.id, Submission.attempt_count, Submission.waiting_since, Submission.status,
               Submission.claimed_at, learner.name, Lesson.title, Cohort.name, Cohort.review_turnaround_hours,
               claimer.name, Enrollment.mentor_id, Submission.claimed_by_id, Submission.user_id,
               *(flag.condition().label(f"flag_{i}") for i, flag in enumerate(flags)))
        .join(Enrollment, Enrollment.id == Submission.enrollment_id)
        .join(learner, learner.id == Submission.user_id)
        .join(Lesson, Lesson.id == Submission.lesson_id)
        .join(Cohort, Cohort.id == Submission.cohort_id)
        .outerjoin(claimer, claimer.id == Submission.claimed_by_id)
        .where(Submission.id.in_(list(ids)))).all()
    claim_cutoff = now - timedelta(minutes=claim_minutes)
    items = {}
    for (sid, number, waiting_since, status, claimed_at, learner_name, title, cohort_name, turnaround,
         claimer_name, mentor_id, claimer_id, learner_id, *raised) in rows:
        live = status == SubmissionStatus.IN_REVIEW and claimed_at is not None and claimed_at > claim_cutoff
        items[sid] = QueueItem(sid, learner_name, title, cohort_name, number, waiting_since, turnaround,
                               claimer_name if live else None, claimed_at if live else None, mentor_id == user.id,
                               claimer_id if live else None, learner_id,
                               flags=tuple(flag.label for flag, up in zip(flags, raised, strict=True) if up))
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
    flags = queue_flags()
    reviews_total = asks_total = 0
    if filters.kind in ("all", "reviews"):
        conditions = _review_conditions(user, filters, cohorts, now)
        halves.append(review_keys(conditions, flags))
        reviews_total = db.session.scalar(select(func.count(Submission.id)).join(
            Enrollment, Enrollment.id == Submission.enrollment_id).where(*conditions)) or 0
    if filters.kind in ("all", "asks"):
        conditions = ask_conditions(user, filters, cohorts, now, ask_claim_minutes)
        halves.append(ask_half(conditions))
        asks_total = ask_count(conditions)
    total = reviews_total + asks_total
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(filters.page, 1), pages)
    merged = union_all(*halves).subquery() if len(halves) > 1 else halves[0].subquery()
    keys = db.session.execute(select(merged.c.kind, merged.c.id).order_by(*queue_order(merged))
                              .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    # Each kind the filter shows loads its rows in one query, even when the page has none of
    # them, so the count of queries never depends on the data.
    reviews = _review_items([i for k, i in keys if k == "review"], user, now, claim_minutes, flags) \
        if filters.kind != "asks" else {}
    asks = ask_items([i for k, i in keys if k == "ask"], user, now, ask_claim_minutes) \
        if filters.kind != "reviews" else {}
    items = [(reviews if kind == "review" else asks).get(key) for kind, key in keys]
    items = [item for item in items if item is not None]
    return QueuePage(items, total, [(c.id, c.name) for c in cohorts], [tuple(r) for r in lessons], page, pages,
                     mentored_before(user.id, [item.learner_id for item in items]), reviews_total, asks_total)
