"""Pairs an admin ruled out (e.g. a client and their own contractor): never suggested, never assigned.

An exclusion is between two people (user ids), valid in every cohort. Flush, never commit.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from lms.audit.services import record
from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus, MatchExclusion
from lms.cohorts.services import CohortError
from lms.database import alias
from lms.extensions import db

REASON_LIMIT = 500


class ExclusionError(CohortError):
    pass


def excluded_mentors(learner_ids: list[int], mentor_ids: list[int]) -> dict[int, set[int]]:
    """Learner user id -> the mentor user ids excluded for them, among those given, in one query."""
    result: dict[int, set[int]] = defaultdict(set)
    if not learner_ids or not mentor_ids:
        return result
    rows = db.session.execute(select(MatchExclusion.learner_id, MatchExclusion.mentor_id).where(
        MatchExclusion.learner_id.in_(learner_ids), MatchExclusion.mentor_id.in_(mentor_ids)))
    for learner_id, mentor_id in rows:
        result[learner_id].add(mentor_id)
    return result


def exclusions_between(learner_ids: list[int], mentor_ids: list[int]) -> list[MatchExclusion]:
    """Exclusions of these learners with these mentors."""
    if not learner_ids or not mentor_ids:
        return []
    return list(db.session.scalars(select(MatchExclusion).where(
        MatchExclusion.learner_id.in_(learner_ids), MatchExclusion.mentor_id.in_(mentor_ids))
        .order_by(MatchExclusion.id)))


@dataclass(frozen=True)
class ExclusionRow:
    exclusion: MatchExclusion
    learner_name: str
    mentor_name: str


def exclusions_involving(learner_ids: list[int], mentor_ids: list[int]) -> list[ExclusionRow]:
    """Exclusions of any of these learners or any of these mentors (whoever the other is), with names,
    in one query: what a cohort's matches page lists."""
    if not learner_ids and not mentor_ids:
        return []
    learner, mentor = alias(User, "excluded_learner"), alias(User, "excluded_mentor")
    rows = db.session.execute(
        select(MatchExclusion, learner.name, mentor.name)
        .join(learner, learner.id == MatchExclusion.learner_id).join(mentor, mentor.id == MatchExclusion.mentor_id)
        .where(or_(MatchExclusion.learner_id.in_(learner_ids), MatchExclusion.mentor_id.in_(mentor_ids)))
        .order_by(func.lower(learner.name), MatchExclusion.id))
    return [ExclusionRow(*row) for row in rows]


def exclude_pair(learner_id: int, mentor_id: int, reason: str, actor) -> MatchExclusion:
    """Never pair these two again. Refuses a person paired with themselves and a pair already excluded."""
    if learner_id == mentor_id:
        raise ExclusionError(gettext("A person cannot be paired with themselves."))
    if db.session.scalar(select(MatchExclusion.id).where(MatchExclusion.learner_id == learner_id,
                                                         MatchExclusion.mentor_id == mentor_id)):
        raise ExclusionError(gettext("That pair is already excluded."))
    exclusion = MatchExclusion(learner_id=learner_id, mentor_id=mentor_id, reason=(reason or "").strip()[:REASON_LIMIT],
                               created_by_id=getattr(actor, "id", None))
    try:
        with db.session.begin_nested():   # two admins at once: the unique index keeps one
            db.session.add(exclusion)
    except IntegrityError:
        raise ExclusionError(gettext("That pair is already excluded.")) from None
    record(actor, "match_exclusion.added", exclusion, learner_id=learner_id, mentor_id=mentor_id,
           reason=exclusion.reason)
    return exclusion


def allow_pair(exclusion: MatchExclusion, actor) -> None:
    record(actor, "match_exclusion.removed", exclusion, learner_id=exclusion.learner_id,
           mentor_id=exclusion.mentor_id, reason=exclusion.reason)
    db.session.delete(exclusion)
    db.session.flush()


def cohort_people(cohort_id: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(learners, mentors) of the cohort as (user id, name), active ones, by name: who may be excluded."""
    rows = db.session.execute(
        select(Enrollment.role, User.id, User.name).join(User, User.id == Enrollment.user_id)
        .where(Enrollment.cohort_id == cohort_id, Enrollment.status == EnrollmentStatus.ACTIVE)
        .order_by(func.lower(User.name), User.id)).all()
    learners = [(user_id, name) for role, user_id, name in rows if role == EnrollmentRole.LEARNER]
    mentors = [(user_id, name) for role, user_id, name in rows if role == EnrollmentRole.MENTOR]
    return learners, mentors


def pair_names(exclusion: MatchExclusion) -> tuple[str, str]:
    names = dict(db.session.execute(select(User.id, User.name).where(
        User.id.in_([exclusion.learner_id, exclusion.mentor_id]))).all())
    return names.get(exclusion.learner_id, ""), names.get(exclusion.mentor_id, "")
