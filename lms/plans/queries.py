"""Reading plans in bulk."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from lms.auth.models import User
from lms.cohorts.matching import goal_tokens
from lms.cohorts.models import Enrollment, Mentorship, MentorshipStatus
from lms.extensions import db
from lms.plans.models import Goal, GoalCheckIn, GoalCriterion, GoalStatus, NoteVisibility

OPEN_GOALS = (GoalStatus.NOT_STARTED, GoalStatus.IN_PROGRESS)


def open_goals(user_ids: Iterable[int]) -> dict[int, list[Goal]]:
    """User id -> their goals not yet achieved or dropped, oldest first, skills loaded."""
    ids = list(set(user_ids))
    result: dict[int, list[Goal]] = {user_id: [] for user_id in ids}
    if not ids:
        return result
    for goal in db.session.scalars(select(Goal).where(Goal.user_id.in_(ids), Goal.status.in_(OPEN_GOALS))
                                   .options(selectinload(Goal.skills)).order_by(Goal.id)):
        result[goal.user_id].append(goal)
    return result


def goal_terms(user_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """User id -> the words of their open goals and the skills linked to them, for matching."""
    terms = {}
    for user_id, goals in open_goals(user_ids).items():
        text = " ".join([goal.title for goal in goals] + [link.skill for goal in goals for link in goal.skills])
        terms[user_id] = goal_tokens(text)
    return terms


def plan_of(user_id: int) -> list[Goal]:
    """Every goal of the learner with links, lessons, notes and their authors: five queries
    however long the plan. Open goals first, then achieved, then dropped; newest first within."""
    goals = db.session.scalars(
        select(Goal).where(Goal.user_id == user_id)
        .options(selectinload(Goal.skills), selectinload(Goal.criteria).selectinload(GoalCriterion.lesson),
                 selectinload(Goal.checkins).selectinload(GoalCheckIn.author))
        .order_by(Goal.id.desc())).all()
    order = {GoalStatus.IN_PROGRESS: 0, GoalStatus.NOT_STARTED: 0, GoalStatus.ACHIEVED: 1, GoalStatus.DROPPED: 2}
    return sorted(goals, key=lambda goal: order[goal.status])


def visible_notes(goal: Goal, *, private_too: bool) -> list[GoalCheckIn]:
    return [note for note in goal.checkins if private_too or note.visibility == NoteVisibility.SHARED]


def cited_goals(user_id: int, *, achieved_by: datetime | None = None) -> list[Goal]:
    """The learner's achieved goals they cite as evidence, oldest achievement first;
    with ``achieved_by``, only those achieved by then."""
    query = select(Goal).where(Goal.user_id == user_id, Goal.status == GoalStatus.ACHIEVED,
                               Goal.cite_as_evidence.is_(True))
    if achieved_by is not None:
        query = query.where(Goal.achieved_at <= achieved_by)
    return list(db.session.scalars(query.order_by(Goal.achieved_at, Goal.id)))


def mentees_of(mentor_id: int) -> list[User]:
    """The people ``mentor_id`` has an active mentorship with, by name."""
    mentee_ids = (select(Enrollment.user_id).join(Mentorship, Mentorship.enrollment_id == Enrollment.id)
                  .where(Mentorship.mentor_id == mentor_id, Mentorship.status == MentorshipStatus.ACTIVE))
    return list(db.session.scalars(select(User).where(User.id.in_(mentee_ids)).order_by(User.name, User.id)))


def has_goals(user_id: int) -> bool:
    return db.session.scalar(select(exists().where(Goal.user_id == user_id)))
