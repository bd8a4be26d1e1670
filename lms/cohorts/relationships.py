"""Starting and ending mentoring relationships: the only code that does either.

A learner (one enrolment) may have several mentors at once, each with a role; the
primary mentor is also ``Enrollment.mentor_id`` (the one who reviews), kept in step here
together with its ``MentorAssignment`` history row.

Capacity holds under concurrency. Starting a counted relationship (see
``mentor_load.COUNTED_ROLES``) takes a place with one conditional UPDATE of the mentor's
profile (``active_mentees + 1 ... WHERE active_mentees < max_mentees``); its row count
says whether it won. That UPDATE's row lock (PostgreSQL; the write lock on SQLite) is
taken *before* the cohort's own maximum is counted, so two acceptances racing for a
mentor's last place in a cohort are serialised too: exactly one wins. Ending gives the
place back. Flush, never commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext, ngettext
from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from lms import signals, states
from lms.auth.models import User
from lms.cohorts import mentor_load
from lms.cohorts.models import (
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    MatchExclusion,
    MentorAssignment,
    Mentorship,
    MentorshipRole,
    MentorshipStatus,
)
from lms.cohorts.peer_mentor_seat import PeerMentorSeat, SeatStatus
from lms.cohorts.services import CohortError
from lms.database import utcnow
from lms.extensions import db
from lms.profiles.models import Profile

CHECKIN_AFTER = timedelta(days=30)

STATUS = states.StateMachine(
    noun="relationship", plural="relationships",
    transitions={None: [MentorshipStatus.ACTIVE], MentorshipStatus.ACTIVE: [MentorshipStatus.ENDED],
                 MentorshipStatus.ENDED: []},
    stamps={MentorshipStatus.ENDED: "ended_at"})


class MentoringError(CohortError):
    pass


class NoFreePlace(MentoringError):
    """The mentor is at their maximum (their own, or the cohort's for them)."""


class MentorUnavailable(MentoringError):
    """Away, excluded for this learner, or not a mentor of the cohort."""


@dataclass(frozen=True)
class Agreement:
    goals: str = ""
    cadence: str = ""
    end_on: date | None = None


# --- Profiles and places -----------------------------------------------------------------

def ensure_profile(user_id: int) -> None:
    """Create the user's profile row if it is missing (INSERT ... ON CONFLICT DO NOTHING)."""
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    db.session.execute(insert(Profile).values(user_id=user_id).on_conflict_do_nothing(index_elements=["user_id"]))


def _take_place(mentor: User, cohort_id: int) -> None:
    ensure_profile(mentor.id)  # on SQLite this write takes the database's write lock
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Profile.user_id).where(Profile.user_id == mentor.id).with_for_update())
    cohort_maximum = db.session.scalar(select(Enrollment.max_mentees).where(
        Enrollment.cohort_id == cohort_id, Enrollment.user_id == mentor.id, Enrollment.role == EnrollmentRole.MENTOR))
    if cohort_maximum is not None:
        used = mentor_load.counted_in_cohort(cohort_id, [mentor.id]).get(mentor.id, 0)
        if used >= cohort_maximum:
            # The English reads "of 1 mentees" as it always did; other languages get their plural forms.
            raise NoFreePlace(ngettext("%(name)s already has %(used)s of %(num)d mentees; raise their maximum first.",
                                       "%(name)s already has %(used)s of %(num)d mentees; raise their maximum first.",
                                       cohort_maximum, name=mentor.name, used=used))
    table = Profile.__table__
    won = db.session.execute(
        update(table).where(table.c.user_id == mentor.id,
                            or_(table.c.max_mentees.is_(None), table.c.active_mentees < table.c.max_mentees))
        .values(active_mentees=table.c.active_mentees + 1)).rowcount == 1
    if not won:
        raise NoFreePlace(gettext("%(name)s has no free place.", name=mentor.name))
    _expire_profile(mentor.id)


def _give_place_back(mentor_id: int) -> None:
    table = Profile.__table__
    db.session.execute(update(table).where(table.c.user_id == mentor_id, table.c.active_mentees > 0)
                       .values(active_mentees=table.c.active_mentees - 1))
    _expire_profile(mentor_id)


def _expire_profile(user_id: int) -> None:
    profile = db.session.identity_map.get(db.session.identity_key(Profile, user_id))
    if profile is not None:
        db.session.expire(profile, ["active_mentees"])


# --- Who may mentor whom -------------------------------------------------------------------

def _mentor_enrollment(cohort_id: int, user_id: int) -> Enrollment | None:
    return db.session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort_id, Enrollment.user_id == user_id,
        Enrollment.role == EnrollmentRole.MENTOR, Enrollment.status == EnrollmentStatus.ACTIVE))


def _peer_enrollment(cohort_id: int, user_id: int) -> Enrollment | PeerMentorSeat | None:
    """A peer is active in the cohort: enrolled there, or a graduate with an active peer-mentor seat."""
    enrollment = db.session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == cohort_id, Enrollment.user_id == user_id,
        Enrollment.status == EnrollmentStatus.ACTIVE))
    return enrollment or db.session.scalar(select(PeerMentorSeat).where(
        PeerMentorSeat.cohort_id == cohort_id, PeerMentorSeat.user_id == user_id,
        PeerMentorSeat.status == SeatStatus.ACTIVE))


def is_excluded(learner_id: int, mentor_id: int) -> bool:
    return db.session.scalar(select(MatchExclusion.id).where(
        MatchExclusion.learner_id == learner_id, MatchExclusion.mentor_id == mentor_id)) is not None


def is_away(mentor_id: int, on: date) -> bool:
    away_until = db.session.scalar(select(Profile.away_until).where(Profile.user_id == mentor_id))
    return away_until is not None and on <= away_until


def unavailable_reason(enrollment: Enrollment, mentor_id: int, role: MentorshipRole, today: date) -> str | None:
    """Why ``mentor_id`` cannot start mentoring this learner now, in words (None: they can)."""
    lookup = _peer_enrollment if role == MentorshipRole.PEER else _mentor_enrollment
    if mentor_id == enrollment.user_id or lookup(enrollment.cohort_id, mentor_id) is None:
        return "not a mentor of this cohort"
    if is_excluded(enrollment.user_id, mentor_id):
        return "excluded for this learner by an admin"
    if is_away(mentor_id, today):
        return "away"
    return None


# --- Starting and ending ----------------------------------------------------------------------

def active_mentorships(enrollment_id: int) -> list[Mentorship]:
    return list(db.session.scalars(select(Mentorship).where(
        Mentorship.enrollment_id == enrollment_id, Mentorship.status == MentorshipStatus.ACTIVE)
        .order_by(Mentorship.started_at, Mentorship.id)))


def active_primary(enrollment_id: int) -> Mentorship | None:
    return next((m for m in active_mentorships(enrollment_id) if m.role == MentorshipRole.PRIMARY), None)


def checkin_is_due(mentorship: Mentorship, now: datetime) -> bool:
    """The learner's 30-day "how is it going?" is waiting for an answer."""
    return (mentorship.status == MentorshipStatus.ACTIVE and mentorship.checkin_answer is None
            and mentorship.checkin_due_at is not None and mentorship.checkin_due_at <= now)


def closing_survey_is_due(mentorship: Mentorship) -> bool:
    return mentorship.status == MentorshipStatus.ENDED and mentorship.closing_answered_at is None


def start_mentorship(enrollment: Enrollment, mentor_id: int, role: MentorshipRole = MentorshipRole.PRIMARY, *,
                     skill: str = "", actor=None, origin: str = "", agreement: Agreement | None = None,
                     now: datetime | None = None) -> Mentorship:
    """Start a relationship, taking one of the mentor's places (unless it is a peer one).

    Raises ``MentorUnavailable`` (away, excluded, not a mentor), ``NoFreePlace``, or
    ``MentoringError`` (already mentoring this learner, a second primary).
    """
    now = now or utcnow()
    role = MentorshipRole(role)
    if enrollment.role != EnrollmentRole.LEARNER or enrollment.status != EnrollmentStatus.ACTIVE:
        raise MentoringError(gettext("Only active learners have mentors."))
    mentor = db.session.get(User, mentor_id)
    if mentor is None:
        raise MentorUnavailable(gettext("That person is not a mentor of this cohort."))
    reason = unavailable_reason(enrollment, mentor_id, role, now.date())
    if reason == "not a mentor of this cohort":
        raise MentorUnavailable(gettext("That person is not a mentor of this cohort."))
    if reason == "away":
        raise MentorUnavailable(gettext("%(name)s cannot take this learner now: away.", name=mentor.name))
    if reason:
        raise MentorUnavailable(gettext("%(name)s cannot take this learner now: excluded for this learner by an admin.",
                                        name=mentor.name))
    current = active_mentorships(enrollment.id)
    if any(m.mentor_id == mentor_id for m in current):
        raise MentoringError(gettext("%(name)s already mentors this learner.", name=mentor.name))
    if role == MentorshipRole.PRIMARY and any(m.role == MentorshipRole.PRIMARY for m in current):
        raise MentoringError(gettext("This learner already has a primary mentor; change it on the people page."))
    if role in mentor_load.COUNTED_ROLES:
        _take_place(mentor, enrollment.cohort_id)
    agreement = agreement or Agreement()
    mentorship = Mentorship(enrollment_id=enrollment.id, mentor_id=mentor_id, role=role,
                            skill=skill if role == MentorshipRole.SKILL else "", started_at=now,
                            started_by_id=getattr(actor, "id", None),
                            origin=origin[:200], agreement_goals=agreement.goals, meeting_cadence=agreement.cadence,
                            agreed_end_on=agreement.end_on, checkin_due_at=now + CHECKIN_AFTER)
    states.transition(mentorship, MentorshipStatus.ACTIVE, machine=STATUS)
    try:
        with db.session.begin_nested():
            db.session.add(mentorship)
    except IntegrityError as error:  # a racing start made the same pair or a second primary first
        raise MentoringError(gettext("%(name)s already mentors this learner, or another primary mentor was just "
                                     "chosen; reload and look again.", name=mentor.name)) from error
    if role == MentorshipRole.PRIMARY:
        _record_primary(enrollment, mentor_id, actor, origin or "assigned", now)
    signals.mentorship_started.send(mentorship, actor=actor)
    return mentorship


def end_mentorship(mentorship: Mentorship, *, actor=None, reason: str = "", now: datetime | None = None) -> None:
    """End an active relationship, giving the mentor's place back; the learner is asked the closing survey."""
    _end(mentorship, actor, reason, now or utcnow())
    if mentorship.role == MentorshipRole.PRIMARY:
        _record_primary(mentorship.enrollment, None, actor, reason or "unassigned", mentorship.ended_at)


def _end(mentorship: Mentorship, actor, reason: str, now: datetime) -> None:
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise MentoringError(gettext("This relationship has already ended."))
    states.transition(mentorship, MentorshipStatus.ENDED, machine=STATUS, now=now)
    mentorship.ended_by_id = getattr(actor, "id", None)
    mentorship.end_reason = reason
    db.session.flush()  # the version check: two people ending it at once, one wins
    if mentorship.role in mentor_load.COUNTED_ROLES:
        _give_place_back(mentorship.mentor_id)
    signals.mentorship_ended.send(mentorship, actor=actor, reason=reason)


def _record_primary(enrollment: Enrollment, mentor_id: int | None, actor, reason: str, at: datetime) -> None:
    enrollment.mentor_id = mentor_id
    db.session.add(MentorAssignment(enrollment_id=enrollment.id, mentor_id=mentor_id,
                                    assigned_by_id=getattr(actor, "id", None), assigned_at=at, reason=reason))
    db.session.flush()


def change_primary(enrollment: Enrollment, mentor_id: int | None, *, actor=None, reason: str = "",
                   now: datetime | None = None) -> bool:
    """Make ``mentor_id`` the primary mentor (None: none), ending the old relationship. False if unchanged."""
    if enrollment.role != EnrollmentRole.LEARNER:
        raise MentoringError(gettext("Only learners have a primary mentor."))
    if mentor_id == enrollment.mentor_id:
        return False
    now = now or utcnow()
    old = active_primary(enrollment.id)
    if mentor_id is None:
        if old is not None:
            end_mentorship(old, actor=actor, reason=reason or "unassigned", now=now)
        else:
            _record_primary(enrollment, None, actor, reason or "unassigned", now)
        return True
    with db.session.begin_nested():  # refused: the old primary stays
        if old is not None:
            _end(old, actor, reason or "replaced", now)
        start_mentorship(enrollment, mentor_id, MentorshipRole.PRIMARY, actor=actor,
                         origin=reason or "assigned", now=now)
    return True


def end_all_for(enrollment: Enrollment, *, actor=None, reason: str, now: datetime | None = None) -> int:
    """End every active relationship of a learner (they left the cohort); how many ended."""
    ended = active_mentorships(enrollment.id)
    for mentorship in ended:
        end_mentorship(mentorship, actor=actor, reason=reason, now=now)
    return len(ended)


# --- When people or cohorts stop (receivers connected in ``lms.cohorts.init_app``) -----------

def on_enrollment_changed(enrollment: Enrollment, *, from_status=None, to_status=None, actor=None, **_) -> None:
    """A learner who leaves (withdrawn, completed) ends their relationships; a mentor who is
    withdrawn ends theirs in that cohort. Their places are given back."""
    if from_status != EnrollmentStatus.ACTIVE or to_status == EnrollmentStatus.ACTIVE:
        return
    reason = f"{'learner' if enrollment.role == EnrollmentRole.LEARNER else 'mentor'} {to_status.value}"
    if enrollment.role == EnrollmentRole.LEARNER:
        for mentorship in active_mentorships(enrollment.id):
            end_mentorship(mentorship, actor=actor, reason=reason)
        return
    for mentorship in db.session.scalars(
            select(Mentorship).join(Enrollment, Enrollment.id == Mentorship.enrollment_id)
            .where(Enrollment.cohort_id == enrollment.cohort_id, Mentorship.mentor_id == enrollment.user_id,
                   Mentorship.status == MentorshipStatus.ACTIVE).order_by(Mentorship.id)).all():
        end_mentorship(mentorship, actor=actor, reason=reason)


def on_cohort_status_changed(cohort, *, to_status=None, actor=None, **_) -> None:
    """A finished (or archived) cohort ends every relationship in it."""
    if to_status is None or to_status.value not in ("finished", "archived"):
        return
    for mentorship in db.session.scalars(
            select(Mentorship).join(Enrollment, Enrollment.id == Mentorship.enrollment_id)
            .where(Enrollment.cohort_id == cohort.id, Mentorship.status == MentorshipStatus.ACTIVE)
            .order_by(Mentorship.id)).all():
        end_mentorship(mentorship, actor=actor, reason=f"cohort {to_status.value}")
