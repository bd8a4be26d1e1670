"""The asks half of the mentor queue, in a constant number of queries.

An ask is in a user's queue when they may answer it (an active mentor or peer mentor of its
cohort, or an admin; never their own ask), its cohort is not archived, it waits on a mentor
(``awaiting_mentor``) and either nobody holds it (no mentor, or a claim that has expired)
or this user holds it (a live claim, or they are the thread's mentor). Asks another mentor
holds are theirs and stay out of this queue.

The review queue (``lms.reviews``) merges these rows with waiting reviews by waiting time:
it takes :func:`ask_keys` as one half of a UNION and loads the page's rows with
:func:`ask_items`. :func:`ask_queue` is the same half on its own.

"Mentored before" (:func:`mentored_before`) is one rule for every row of the queue: the user
has or had a mentorship with the learner (any cohort, any role), or wrote a reply in one of
the learner's asks, or anything a feature above registers under :data:`MENTORED_BEFORE`
(the reviews feature adds "reviewed their work"). One query for a whole page.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, case, exists, false, func, literal, or_, select, true, union

from lms.asks.models import Ask, AskReply, AskStage, AskState, AskUrgency, ReplyKind
from lms.auth.models import User
from lms.cohorts.models import Cohort, CohortStatus, Enrollment, Mentorship, MentorshipStatus
from lms.database import alias
from lms.extensions import db
from lms.permissions import ask_cohort_ids, is_admin, mentored_cohort_ids
from lms.profiles.models import UserSkill
from lms.tracks.models import Lesson

PAGE_SIZE = 50
# app.extensions key: a list of ``source(user_id, learner_ids) -> SELECT of learner ids`` that
# also count as "mentored before" (set by features above asks, e.g. reviews).
MENTORED_BEFORE = "lms.mentored_before_sources"


@dataclass
class AskQueueFilters:
    cohort_id: int | None = None
    lesson_id: int | None = None
    mine: bool = False      # only my mentees (an active mentorship with me in the ask's cohort)
    offered: bool = False   # only asks offered to me now, or that I hold
    overdue: bool = False   # waiting longer than the cohort's ask_response_hours
    page: int = 1


@dataclass(frozen=True)
class AskQueueItem:
    ask_id: int
    title: str
    learner_id: int
    learner_name: str
    cohort_name: str
    lesson_title: str | None
    skill: str
    urgency: AskUrgency
    stage: AskStage
    waiting_since: datetime
    response_hours: int
    is_mentee: bool
    offered_to_me: bool
    held_by: str | None          # a live claim's mentor or the thread's mentor
    held_by_id: int | None
    claimed_at: datetime | None  # a live claim only; None when held as the thread's mentor
    kind: str = "ask"

    def waiting(self, now: datetime) -> timedelta:
        return now - self.waiting_since

    def is_overdue(self, now: datetime) -> bool:
        return self.waiting(now) > timedelta(hours=self.response_hours)


@dataclass
class AskQueuePage:
    items: list[AskQueueItem]
    total: int
    page: int
    pages: int
    mentored_before: set[int]


def ask_claim_minutes() -> int:
    """How long a claim on an ask lasts (``ASK_CLAIM_MINUTES``)."""
    return current_app.config["ASK_CLAIM_MINUTES"]


def queue_cohorts(user) -> list[Cohort]:
    """The cohorts whose waiting work ``user`` may take: all non-archived ones for admins,
    else the non-archived cohorts they actively mentor or hold an active peer-mentor seat in
    (a peer mentor's reviews half stays empty: ``reviewable_submission_clause``)."""
    query = select(Cohort).where(Cohort.status != CohortStatus.ARCHIVED).order_by(Cohort.name)
    if not is_admin(user):
        query = query.where(Cohort.id.in_(ask_cohort_ids(user)))
    return list(db.session.scalars(query))


def _is_mentee(user):
    """The ask's learner has an active mentorship with ``user`` in that enrolment (or ``user``
    is their primary mentor on the enrolment, which the relationships keep in step)."""
    return or_(
        exists().where(Mentorship.enrollment_id == Ask.enrollment_id, Mentorship.mentor_id == user.id,
                       Mentorship.status == MentorshipStatus.ACTIVE),
        exists().where(Enrollment.id == Ask.enrollment_id, Enrollment.mentor_id == user.id))


def _offered_to(user):
    """The routing stage offers the ask to ``user`` now (see ``AskStage``)."""
    mentor_here = Ask.cohort_id.in_(mentored_cohort_ids(user))
    has_skill = or_(Ask.skill == "", exists().where(UserSkill.user_id == user.id, UserSkill.skill == Ask.skill))
    return or_(
        and_(Ask.stage == AskStage.OWN_MENTORS, _is_mentee(user)),
        and_(Ask.stage == AskStage.SKILL_MENTORS, mentor_here, has_skill),
        and_(Ask.stage == AskStage.ADMINS, true() if is_admin(user) else false()))


def _live_claim(cutoff: datetime):
    return and_(Ask.claimed_at.is_not(None), Ask.claimed_at > cutoff)


def ask_conditions(user, filters, cohorts: list[Cohort], now: datetime, claim_minutes: int) -> list:
    """The WHERE clause (on ``Ask``) of the asks ``user`` sees in the queue with ``filters``.

    ``filters`` needs cohort_id, lesson_id, mine, offered and overdue (the review queue's
    filters have them too)."""
    cutoff = now - timedelta(minutes=claim_minutes)
    conditions = [
        Ask.state == AskState.AWAITING_MENTOR,
        Ask.cohort_id.in_([c.id for c in cohorts]) if cohorts else false(),
        Ask.user_id != user.id,
        or_(Ask.mentor_id.is_(None), and_(Ask.claimed_at.is_not(None), Ask.claimed_at <= cutoff),
            Ask.mentor_id == user.id),
    ]
    if filters.cohort_id:
        conditions.append(Ask.cohort_id == filters.cohort_id)
    if filters.lesson_id:
        conditions.append(Ask.lesson_id == filters.lesson_id)
    if filters.mine:
        conditions.append(_is_mentee(user))
    if getattr(filters, "offered", False):
        conditions.append(or_(_offered_to(user), Ask.mentor_id == user.id))
    if filters.overdue:
        # Each cohort has its own response target, so the cut-off is per cohort.
        conditions.append(or_(false(), *(
            and_(Ask.cohort_id == c.id, Ask.waiting_since < now - timedelta(hours=c.ask_response_hours))
            for c in cohorts)))
    return conditions


def ask_count(conditions: list) -> int:
    return db.session.scalar(select(func.count(Ask.id)).where(*conditions)) or 0


def ask_keys(conditions: list):
    """(kind, id, waiting_since) of the queue's asks: one half of the merged queue's UNION."""
    return select(literal("ask").label("kind"), Ask.id.label("id"),
                  Ask.waiting_since.label("waiting_since")).where(*conditions)


def ask_items(ids, user, now: datetime, claim_minutes: int) -> dict[int, AskQueueItem]:
    """The rows of these asks, by id, in one query (also for none: the count stays constant)."""
    learner, holder = alias(User, "ask_queue_learner"), alias(User, "ask_queue_holder")
    live = _live_claim(now - timedelta(minutes=claim_minutes))
    rows = db.session.execute(
        select(Ask.id, Ask.title, Ask.user_id, learner.name, Cohort.name, Lesson.title, Ask.skill, Ask.urgency,
               Ask.stage, Ask.waiting_since, Cohort.ask_response_hours,
               _is_mentee(user).label("is_mentee"), _offered_to(user).label("offered"),
               case((or_(live, Ask.claimed_at.is_(None)), holder.name), else_=None),
               case((or_(live, Ask.claimed_at.is_(None)), Ask.mentor_id), else_=None),
               case((live, Ask.claimed_at), else_=None))
        .join(learner, learner.id == Ask.user_id)
        .join(Cohort, Cohort.id == Ask.cohort_id)
        .outerjoin(Lesson, Lesson.id == Ask.lesson_id)
        .outerjoin(holder, holder.id == Ask.mentor_id)
        .where(Ask.id.in_(list(ids)))).all()
    return {row[0]: AskQueueItem(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9],
                                 row[10], bool(row[11]), bool(row[12]), row[13], row[14], row[15])
            for row in rows}


def mentored_before(user_id: int, learner_ids) -> set[int]:
    """Which of ``learner_ids`` ``user_id`` mentored before (see the module docstring), in one query."""
    learner_ids = list(set(learner_ids))
    sources = [
        select(Enrollment.user_id).join(Mentorship, Mentorship.enrollment_id == Enrollment.id)
        .where(Mentorship.mentor_id == user_id, Enrollment.user_id.in_(learner_ids)),
        select(Ask.user_id).join(AskReply, AskReply.ask_id == Ask.id)
        .where(AskReply.author_id == user_id, AskReply.kind == ReplyKind.REPLY, Ask.user_id.in_(learner_ids)),
    ]
    sources += [source(user_id, learner_ids) for source in current_app.extensions.get(MENTORED_BEFORE, [])]
    return set(db.session.scalars(union(*sources)))


def ask_queue(user, filters: AskQueueFilters, now: datetime, claim_minutes: int,
              page_size: int = PAGE_SIZE) -> AskQueuePage:
    """The asks half alone: oldest wait first, a page of ``page_size``."""
    conditions = ask_conditions(user, filters, queue_cohorts(user), now, claim_minutes)
    total = ask_count(conditions)
    pages = max((total + page_size - 1) // page_size, 1)
    page = min(max(filters.page, 1), pages)
    ids = list(db.session.scalars(select(Ask.id).where(*conditions).order_by(Ask.waiting_since, Ask.id)
                                  .limit(page_size).offset((page - 1) * page_size)))
    by_id = ask_items(ids, user, now, claim_minutes)
    items = [by_id[i] for i in ids if i in by_id]
    return AskQueuePage(items, total, page, pages, mentored_before(user.id, [i.learner_id for i in items]))

