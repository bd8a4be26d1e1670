"""Reading plans in bulk."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.cohorts.matching import goal_tokens
from lms.extensions import db
from lms.plans.models import Goal, GoalStatus

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
