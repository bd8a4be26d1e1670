"""Spaces: one per cohort and one per track, made on first use, exactly once.

Concurrent first uses both run ``INSERT ... ON CONFLICT DO NOTHING`` against the unique
keys (``uq_space_cohort``, the partial ``uq_space_track``) and then read the one row.
"""
from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import and_, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from lms.auth.models import User
from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.cohorts.peer_mentor_seat import PeerMentorSeat, SeatStatus
from lms.community.models import Space, SpaceKind
from lms.database import utcnow
from lms.extensions import db
from lms.web import nav_fact

_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
_LEARNER_STATUSES = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


def _insert_once(rows: list[dict], *, track: bool) -> None:
    if not rows:
        return
    insert = _INSERT[db.session.get_bind().dialect.name](Space).values(rows)
    if track:
        insert = insert.on_conflict_do_nothing(index_elements=["track_id"], index_where=text("kind = 'track'"))
    else:
        insert = insert.on_conflict_do_nothing(index_elements=["cohort_id"])
    db.session.execute(insert)


def ensure_spaces(cohorts: list[Cohort]) -> None:
    """Make the spaces of ``cohorts`` and of their tracks unless they exist (two statements)."""
    now = utcnow()
    _insert_once([{"kind": SpaceKind.COHORT, "track_id": c.track_id, "cohort_id": c.id, "code_of_conduct": "",
                   "created_at": now} for c in cohorts], track=False)
    _insert_once([{"kind": SpaceKind.TRACK, "track_id": track_id, "cohort_id": None, "code_of_conduct": "",
                   "created_at": now} for track_id in sorted({c.track_id for c in cohorts})], track=True)


def cohort_space(cohort: Cohort) -> Space:
    """The cohort's space, made on first use."""
    space = db.session.scalar(select(Space).where(Space.cohort_id == cohort.id))
    if space is None:
        ensure_spaces([cohort])
        space = db.session.scalar(select(Space).where(Space.cohort_id == cohort.id))
    return space


def track_space(track_id: int) -> Space:
    """The program-wide space of a track, made on first use."""
    query = select(Space).where(Space.track_id == track_id, Space.kind == SpaceKind.TRACK)
    space = db.session.scalar(query)
    if space is None:
        _insert_once([{"kind": SpaceKind.TRACK, "track_id": track_id, "cohort_id": None, "code_of_conduct": "",
                       "created_at": utcnow()}], track=True)
        space = db.session.scalar(query)
    return space


def member_cohort_ids(user):
    """A query of the ids of the cohorts whose spaces ``user`` belongs to (not admins' every cohort)."""
    return member_cohort_ids_of(user.id)


def member_cohort_ids_of(user_id):
    """``member_cohort_ids`` of a user id, or of a SQL expression of one."""
    enrolled = select(Enrollment.cohort_id).where(Enrollment.user_id == user_id, or_(
        and_(Enrollment.role == EnrollmentRole.LEARNER, Enrollment.status.in_(_LEARNER_STATUSES)),
        and_(Enrollment.role == EnrollmentRole.MENTOR, Enrollment.status == EnrollmentStatus.ACTIVE)))
    seated = select(PeerMentorSeat.cohort_id).where(PeerMentorSeat.user_id == user_id,
                                                    PeerMentorSeat.status == SeatStatus.ACTIVE)
    return enrolled.union(seated)


def belongs_to_a_space(user_id):
    """SQL: whether the person with this id (not an admin) belongs to some space."""
    return member_cohort_ids_of(user_id).exists()


def member_cohorts(user) -> list[Cohort]:
    """The cohorts whose spaces ``user`` belongs to (the rules of ``permissions.can_view_space``);
    every cohort that is not archived for admins."""
    query = (select(Cohort).where(Cohort.status != CohortStatus.ARCHIVED) if user.is_admin
             else select(Cohort).where(Cohort.id.in_(member_cohort_ids(user))))
    return list(db.session.scalars(query.order_by(Cohort.starts_on.desc(), Cohort.id)))


def ensure_member_spaces(user) -> list[Cohort]:
    """Make the spaces ``user`` belongs to unless they exist; their cohorts."""
    cohorts = member_cohorts(user)
    if cohorts:
        ensure_spaces(cohorts)
    return cohorts


def spaces_of(user) -> list[Space]:
    """The existing spaces ``user`` belongs to (see ``ensure_member_spaces``): track spaces
    first, then cohorts."""
    cohorts = member_cohorts(user)
    if not cohorts:
        return []
    cohort_ids = [c.id for c in cohorts]
    track_ids = {c.track_id for c in cohorts}
    spaces = db.session.scalars(select(Space).where(or_(
        Space.cohort_id.in_(cohort_ids), and_(Space.kind == SpaceKind.TRACK, Space.track_id.in_(track_ids))))
        .options(joinedload(Space.track), joinedload(Space.cohort))).all()
    return sorted(spaces, key=lambda s: (s.kind != SpaceKind.TRACK, s.track.title, s.cohort.name if s.cohort else ""))


def has_any_space(user) -> bool:
    """For the navigation: read with its other facts (``belongs_to_a_space``), once per request."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_admin or bool(nav_fact(user, "community_member"))


def member_ids(space: Space) -> select:
    """A query of the ids of the people who can view ``space`` (admins included)."""
    cohort_ids = ([space.cohort_id] if space.cohort_id is not None
                  else select(Cohort.id).where(Cohort.track_id == space.track_id))
    enrolled = select(Enrollment.user_id).where(Enrollment.cohort_id.in_(cohort_ids), or_(
        and_(Enrollment.role == EnrollmentRole.LEARNER, Enrollment.status.in_(_LEARNER_STATUSES)),
        and_(Enrollment.role == EnrollmentRole.MENTOR, Enrollment.status == EnrollmentStatus.ACTIVE)))
    seated = select(PeerMentorSeat.user_id).where(PeerMentorSeat.cohort_id.in_(cohort_ids),
                                                  PeerMentorSeat.status == SeatStatus.ACTIVE)
    return select(User.id).where(User.is_active.is_(True), or_(
        User.id.in_(enrolled), User.id.in_(seated), User.is_admin.is_(True)))


def title_of(space: Space) -> str:
    if space.kind == SpaceKind.TRACK:
        return gettext("%(track)s: everyone in the program", track=space.track.title)
    return space.cohort.name
