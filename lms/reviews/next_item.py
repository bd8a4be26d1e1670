""""Decide and open next": the oldest waiting item of the same queue filter that this mentor
can take now (one query; nothing claimed or held by someone else)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, union_all

from lms.asks.queue import ask_conditions, queue_cohorts
from lms.extensions import db
from lms.reviews.queries import QueueFilters, _review_conditions, ask_half, queue_flags, queue_order, review_keys
from lms.submissions.models import Submission, SubmissionStatus

# The queue's filter as query arguments: the queue links carry them to the review page, and
# its form posts them back, so "next" follows the filter the mentor chose.
FILTER_ARGS = ("kind", "cohort", "assignment", "mine", "offered", "overdue")


@dataclass(frozen=True)
class NextItem:
    kind: str   # "review" | "ask"
    id: int


def filters_from(args) -> QueueFilters:
    """The queue filter from request arguments (unknown values fall back to "everything")."""
    return QueueFilters(
        kind=args.get("kind", "all"), cohort_id=args.get("cohort", type=int),
        lesson_id=args.get("assignment", type=int), mine=args.get("mine") == "1",
        offered=args.get("offered") == "1", overdue=args.get("overdue") == "1", page=args.get("page", 1, type=int))


def filter_args(args) -> dict[str, str]:
    """Just the queue-filter arguments of ``args``, to pass on in links."""
    return {name: args[name] for name in FILTER_ARGS if args.get(name)}


def next_item(user, filters: QueueFilters, now: datetime, claim_minutes: int, ask_claim_minutes: int,
              *, after_submission_id: int | None = None) -> NextItem | None:
    """The first item of the queue (with ``filters``; flagged work first, then the oldest) that
    ``user`` may open now: reviews that nobody else holds a live claim on, and the asks the queue
    offers (it already leaves out asks held by others). ``after_submission_id`` (the one just
    decided) is skipped."""
    cohorts = queue_cohorts(user)
    halves = []
    if filters.kind in ("all", "reviews"):
        cutoff = now - timedelta(minutes=claim_minutes)
        free = or_(Submission.status != SubmissionStatus.IN_REVIEW, Submission.claimed_by_id.is_(None),
                   Submission.claimed_by_id == user.id, Submission.claimed_at.is_(None),
                   Submission.claimed_at <= cutoff)
        conditions = _review_conditions(user, filters, cohorts, now) + [free]
        if after_submission_id:
            conditions.append(Submission.id != after_submission_id)
        halves.append(review_keys(conditions, queue_flags()))
    if filters.kind in ("all", "asks"):
        halves.append(ask_half(ask_conditions(user, filters, cohorts, now, ask_claim_minutes)))
    merged = union_all(*halves).subquery() if len(halves) > 1 else halves[0].subquery()
    row = db.session.execute(select(merged.c.kind, merged.c.id).order_by(*queue_order(merged)).limit(1)).first()
    return NextItem(row[0], row[1]) if row else None
