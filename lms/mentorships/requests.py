"""Learners' mentor requests: up to three ranked picks, asked one after another.

The first available pick is asked and has ``cohort.request_response_days`` days to
answer. A decline or silence moves the request to the next pick; picks whose mentor is
full, away, excluded for this learner or no longer a mentor are skipped when their turn
comes; when none is left the request goes to the program team. Every answer first
*claims* its pick with a conditional UPDATE (``... WHERE status = 'asked'``), so an
answer racing the expiry task, or two expiry runs, move a request on once. Flush, never
commit; pass ``now=`` to control the clock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext, ngettext
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from lms import signals, states
from lms.audit.services import record
from lms.cohorts import mentor_load, relationships
from lms.cohorts.models import (
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    MatchExclusion,
    Mentorship,
    MentorshipRole,
    MentorshipStatus,
)
from lms.cohorts.services import CohortError
from lms.database import utcnow
from lms.extensions import db
from lms.i18n.recipients import speaking_to
from lms.mentorships.models import MentorRequest, PickStatus, RequestPick, RequestStatus
from lms.mentorships.states import PICK, REQUEST, UNSETTLED

MAX_PICKS = 3
MESSAGE_LIMIT = 1000


class RequestError(CohortError):
    pass


class RequestExists(RequestError):
    pass


@dataclass(frozen=True)
class NewRequest:
    mentor_ids: tuple[int, ...]
    role: MentorshipRole = MentorshipRole.PRIMARY
    skill: str = ""
    message: str = ""


@dataclass(frozen=True)
class Answer:
    accepted: bool
    message: str


# --- Asking -------------------------------------------------------------------------------------

def open_request(enrollment: Enrollment, new: NewRequest, *, now: datetime | None = None) -> MentorRequest:
    """Record the learner's request and ask its first available pick."""
    now = now or utcnow()
    _check_can_request(enrollment, new)
    request = MentorRequest(enrollment_id=enrollment.id, role=new.role,
                            skill=new.skill if new.role == MentorshipRole.SKILL else "",
                            message=new.message.strip()[:MESSAGE_LIMIT], created_at=now)
    states.transition(request, RequestStatus.OPEN, machine=REQUEST)
    for rank, mentor_id in enumerate(new.mentor_ids, start=1):
        pick = RequestPick(rank=rank, mentor_id=mentor_id)
        states.transition(pick, PickStatus.QUEUED, machine=PICK)
        request.picks.append(pick)
    try:
        with db.session.begin_nested():
            db.session.add(request)
    except IntegrityError as error:  # uq_mentor_request_open: a double submit, or one in another tab
        raise RequestExists(gettext("You already have an open request for this kind of mentor; "
                                    "withdraw it first if you want to ask someone else.")) from error
    _ask_next(request, now)
    return request


def _check_can_request(enrollment: Enrollment, new: NewRequest) -> None:
    cohort = enrollment.cohort
    if not cohort.learners_request_mentors:
        raise RequestError(gettext("In this cohort the program team assigns mentors."))
    if enrollment.role != EnrollmentRole.LEARNER or enrollment.status != EnrollmentStatus.ACTIVE:
        raise RequestError(gettext("Only active learners of the cohort can request a mentor."))
    ids = list(new.mentor_ids)
    if not 1 <= len(ids) <= MAX_PICKS or len(set(ids)) != len(ids):
        raise RequestError(ngettext("Pick %(num)d mentor.", "Pick one to %(num)d different mentors.", MAX_PICKS))
    if new.role not in (MentorshipRole.PRIMARY, MentorshipRole.SKILL):
        raise RequestError(gettext("Ask for a primary mentor or a skill mentor."))
    if new.role == MentorshipRole.SKILL and not new.skill.strip():
        raise RequestError(gettext("Name the skill you want a mentor for."))
    current = relationships.active_mentorships(enrollment.id)
    if new.role == MentorshipRole.PRIMARY and any(m.role == MentorshipRole.PRIMARY for m in current):
        raise RequestError(gettext("You already have a primary mentor; ask for a skill mentor instead."))
    mentors = set(requestable_mentor_ids(enrollment))
    if not set(ids) <= mentors:
        raise RequestError(gettext("Pick mentors of this cohort who are not already mentoring you."))


def requestable_mentor_ids(enrollment: Enrollment) -> list[int]:
    """The cohort's active mentors this learner may pick: not excluded, not already theirs."""
    excluded = select(MatchExclusion.mentor_id).where(MatchExclusion.learner_id == enrollment.user_id)
    current = {m.mentor_id for m in relationships.active_mentorships(enrollment.id)}
    ids = db.session.scalars(select(Enrollment.user_id).where(
        Enrollment.cohort_id == enrollment.cohort_id, Enrollment.role == EnrollmentRole.MENTOR,
        Enrollment.status == EnrollmentStatus.ACTIVE, Enrollment.user_id != enrollment.user_id,
        Enrollment.user_id.not_in(excluded)))
    return [i for i in ids if i not in current]


def _ask_next(request: MentorRequest, now: datetime) -> RequestPick | None:
    """Ask the next available queued pick, skipping the unavailable; none left: to the admins."""
    enrollment = request.enrollment
    for pick in request.picks:
        if pick.status != PickStatus.QUEUED:
            continue
        if _unavailable(enrollment, pick.mentor_id, now):
            states.transition(pick, PickStatus.SKIPPED, machine=PICK)
            continue
        states.transition(pick, PickStatus.ASKED, machine=PICK, now=now)
        pick.respond_by = respond_by_for(enrollment.cohort, now)
        db.session.flush()
        signals.mentor_asked.send(pick)
        return pick
    _escalate(request, "none of the picked mentors accepted in time")
    return None


def respond_by_for(cohort, now: datetime | None = None) -> datetime:
    """When a mentor asked now must have answered."""
    return (now or utcnow()) + timedelta(days=cohort.request_response_days)


def _unavailable(enrollment: Enrollment, mentor_id: int, now: datetime) -> bool:
    if relationships.unavailable_reason(enrollment, mentor_id, MentorshipRole.PRIMARY, now.date()):
        return True
    return not mentor_load.loads([mentor_id], enrollment.cohort_id)[mentor_id].has_room


def _escalate(request: MentorRequest, why: str) -> None:
    states.transition(request, RequestStatus.WITH_ADMINS, machine=REQUEST)
    db.session.flush()
    signals.mentor_request_escalated.send(request, why=why)


# --- Answers ------------------------------------------------------------------------------------

def _claim(pick: RequestPick, to: PickStatus, now: datetime) -> bool:
    """Move an asked pick to ``to`` if it is still asked; False when someone else moved it first."""
    PICK.check(PickStatus.ASKED, to)
    stamp = {"answered_at": now} if to in (PickStatus.ACCEPTED, PickStatus.DECLINED) else {}
    claimed = db.session.execute(
        update(RequestPick).where(RequestPick.id == pick.id, RequestPick.status == PickStatus.ASKED)
        .values(status=to, **stamp).execution_options(synchronize_session=False)).rowcount == 1
    db.session.expire(pick)
    return claimed


class _AlreadyAnswered(Exception):
    pass


def _already_answered() -> str:
    return gettext("This request was already answered, withdrawn or has expired.")


def accept(pick: RequestPick, *, actor, now: datetime | None = None) -> Answer:
    """The asked mentor accepts: the relationship starts (their places permitting)."""
    now = now or utcnow()
    request = pick.request
    enrollment = request.enrollment
    if pick.status != PickStatus.ASKED:
        raise RequestError(_already_answered())
    try:
        with db.session.begin_nested():  # the relationship and the claim of the pick, or neither
            mentorship = relationships.start_mentorship(
                enrollment, pick.mentor_id, request.role, skill=request.skill, actor=actor,
                origin=f"accepted {enrollment.user.name}'s request", now=now)
            if not _claim(pick, PickStatus.ACCEPTED, now):
                raise _AlreadyAnswered
    except _AlreadyAnswered:
        raise RequestError(_already_answered()) from None
    except relationships.MentoringError as error:
        # Full (or away, excluded) by now: this pick is skipped and the request moves on.
        if not _claim(pick, PickStatus.SKIPPED, now):
            raise RequestError(_already_answered()) from None
        _ask_next(request, now)
        return Answer(False, gettext("%(reason)s The request moved on to the learner's next pick.", reason=str(error)))
    states.transition(request, RequestStatus.ACCEPTED, machine=REQUEST, now=now)
    request.mentorship_id = mentorship.id
    request.settled_by_id = actor.id
    _cancel_waiting(request)
    db.session.flush()
    signals.mentor_request_answered.send(pick, accepted=True, actor=actor)
    return Answer(True, gettext("You are now mentoring %(name)s.", name=enrollment.user.name))


def decline(pick: RequestPick, reason: str, *, actor, now: datetime | None = None) -> None:
    """The asked mentor declines with a reason; the next pick is asked."""
    now = now or utcnow()
    reason = reason.strip()
    if not reason:
        raise RequestError(gettext("Say briefly why, so the learner knows."))
    if not _claim(pick, PickStatus.DECLINED, now):
        raise RequestError(_already_answered())
    pick.decline_reason = reason[:MESSAGE_LIMIT]
    db.session.flush()
    signals.mentor_request_answered.send(pick, accepted=False, actor=actor)
    _ask_next(pick.request, now)


def expire_due(now: datetime | None = None) -> int:
    """Periodic: picks not answered by ``respond_by`` expire and the next pick is asked."""
    now = now or utcnow()
    due = db.session.scalars(select(RequestPick).where(
        RequestPick.status == PickStatus.ASKED, RequestPick.respond_by <= now).order_by(RequestPick.id)).all()
    moved = 0
    for pick in due:
        if _claim(pick, PickStatus.EXPIRED, now):  # another process may have claimed it
            _ask_next(pick.request, now)
            moved += 1
    db.session.flush()
    return moved


def _cancel_waiting(request: MentorRequest) -> None:
    for pick in request.picks:
        if pick.status in (PickStatus.QUEUED, PickStatus.ASKED):
            states.transition(pick, PickStatus.CANCELLED, machine=PICK)


# --- The learner and the admins settle it -----------------------------------------------------------

def withdraw(request: MentorRequest, *, actor, now: datetime | None = None) -> None:
    if request.status not in UNSETTLED:
        raise RequestError(gettext("This request is already settled."))
    states.transition(request, RequestStatus.WITHDRAWN, machine=REQUEST, now=now)
    request.settled_by_id = actor.id
    _cancel_waiting(request)
    db.session.flush()


def assign(request: MentorRequest, mentor_id: int, *, actor, note: str = "", now: datetime | None = None) -> Mentorship:
    """An admin settles the request by starting a relationship with ``mentor_id``.

    For a primary request the learner's current primary (if any, e.g. a re-pair) is replaced;
    for a skill request their current mentor for the same skill is.
    """
    now = now or utcnow()
    if request.status not in UNSETTLED:
        raise RequestError(gettext("This request is already settled."))
    enrollment = request.enrollment
    with db.session.begin_nested():
        for old in relationships.active_mentorships(enrollment.id):
            if old.role == request.role and old.skill == request.skill and old.mentor_id != mentor_id:
                relationships.end_mentorship(old, actor=actor, reason="re-paired by the program team", now=now)
        mentorship = relationships.start_mentorship(enrollment, mentor_id, request.role, skill=request.skill,
                                                    actor=actor, origin="assigned by the program team", now=now)
    _settle(request, actor, note, "mentor_request.assigned", now)
    request.mentorship_id = mentorship.id
    db.session.flush()
    return mentorship


def close(request: MentorRequest, note: str, *, actor, now: datetime | None = None) -> None:
    """An admin closes the request without assigning anyone; the note goes to the learner."""
    if request.status not in UNSETTLED:
        raise RequestError(gettext("This request is already settled."))
    if not note.strip():
        raise RequestError(gettext("Write a short note for the learner."))
    _settle(request, actor, note, "mentor_request.closed", now or utcnow())
    db.session.flush()
    signals.mentor_request_closed.send(request, note=note.strip(), actor=actor)


def _settle(request: MentorRequest, actor, note: str, action: str, now: datetime) -> None:
    states.transition(request, RequestStatus.CLOSED, machine=REQUEST, now=now)
    request.settled_by_id = actor.id
    _cancel_waiting(request)
    record(actor, action, request, note=note.strip()[:MESSAGE_LIMIT])


def request_repair(mentorship: Mentorship, comment: str, *, now: datetime | None = None) -> MentorRequest | None:
    """A "not a good fit" check-in: a request straight to the admins (None if one is open already)."""
    with speaking_to():  # stored, read by the program team: the organisation's language
        message = gettext("Re-pair: not a good fit with %(name)s. %(comment)s", name=mentorship.mentor.name,
                          comment=comment).strip()
    request = MentorRequest(enrollment_id=mentorship.enrollment_id, role=mentorship.role, skill=mentorship.skill,
                            message=message[:MESSAGE_LIMIT], created_at=now or utcnow())
    states.transition(request, RequestStatus.WITH_ADMINS, machine=REQUEST)
    try:
        with db.session.begin_nested():
            db.session.add(request)
    except IntegrityError:
        return None  # the learner already has an unsettled request of this kind: the admins see that one
    signals.mentor_request_escalated.send(request, why="the learner said it is not a good fit")
    return request


def ask_again(enrollment: Enrollment, mentor_id: int, *, now: datetime | None = None) -> MentorRequest:
    """One click: request a mentor the learner had in an earlier cohort (as primary, or as a skill
    mentor for the skill they had then when the learner already has a primary here)."""
    earlier = db.session.scalars(
        select(Mentorship).join(Enrollment, Enrollment.id == Mentorship.enrollment_id)
        .where(Enrollment.user_id == enrollment.user_id, Enrollment.cohort_id != enrollment.cohort_id,
               Mentorship.mentor_id == mentor_id, Mentorship.status == MentorshipStatus.ENDED)
        .order_by(Mentorship.ended_at.desc())).first()
    if earlier is None:
        raise RequestError(gettext("You can only ask again a mentor you had in an earlier cohort."))
    has_primary = relationships.active_primary(enrollment.id) is not None
    if earlier.role == MentorshipRole.SKILL or has_primary:
        if not earlier.skill:
            raise RequestError(gettext("You already have a primary mentor here; request them as a skill mentor "
                                       "instead."))
        new = NewRequest((mentor_id,), MentorshipRole.SKILL, earlier.skill)
    else:
        new = NewRequest((mentor_id,), MentorshipRole.PRIMARY)
    return open_request(enrollment, new, now=now)
