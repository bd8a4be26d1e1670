"""Inviting graduates as peer mentors, answering, stepping down and ending seats.

A seat's status changes only through :data:`SEAT_STATUS` (``lms.states``). One seat per
cohort and person (a unique constraint): inviting twice, by two admins or an admin and the
automatic invitation at once, leaves one seat. Answers and ends race on the seat's
``version`` column: of two accepts, or an accept and an end, exactly one wins.
Services flush and send ``peer_mentor_changed``; the caller commits.
"""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.exc import StaleDataError

from lms import signals, states
from lms.asks import claims
from lms.asks.events import add_event
from lms.asks.models import Ask, AskState
from lms.audit.services import record
from lms.cohorts.models import Cohort
from lms.cohorts.peer_mentor_seat import PeerMentorSeat, SeatStatus
from lms.database import utcnow
from lms.errors import DomainError
from lms.extensions import db
from lms.i18n.formatting import format_number
from lms.peermentors import eligibility

REASON_MAX_CHARS = 1000


class PeerMentorError(DomainError):
    pass


class InvalidSeatTransition(PeerMentorError, states.InvalidTransition):
    """The seat's status cannot change this way."""


class SeatChanged(PeerMentorError):
    """Someone changed the seat at the same moment."""


SEAT_STATUS = states.StateMachine(
    noun="invitation", plural="invitations", error=InvalidSeatTransition,
    transitions={
        None: {SeatStatus.INVITED},
        SeatStatus.INVITED: {SeatStatus.ACTIVE, SeatStatus.DECLINED, SeatStatus.ENDED},
        SeatStatus.ACTIVE: {SeatStatus.ENDED},
        SeatStatus.DECLINED: set(),
        SeatStatus.ENDED: set(),
    },
    labels={SeatStatus.ACTIVE: "accepted"},
    stamps={SeatStatus.ACTIVE: "answered_at", SeatStatus.DECLINED: "answered_at", SeatStatus.ENDED: "ended_at"})

# A seat's status as people read it (the machine's own labels stay English: lms.states builds
# its refusal messages from them).
SEAT_LABELS = {SeatStatus.INVITED: lazy_gettext("invited"), SeatStatus.ACTIVE: lazy_gettext("accepted"),
               SeatStatus.DECLINED: lazy_gettext("declined"), SeatStatus.ENDED: lazy_gettext("ended")}

_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _insert_seat(graduate: eligibility.Graduate, cohort: Cohort, invited_by_id: int | None) -> PeerMentorSeat | None:
    """INSERT the seat unless one exists for the cohort and person (also a concurrent one)."""
    values = dict(cohort_id=cohort.id, user_id=graduate.user.id, completed_enrollment_id=graduate.enrollment.id,
                  status=SeatStatus.INVITED, invited_by_id=invited_by_id, invited_at=utcnow(), end_reason="",
                  version=1)
    statement = (_INSERT[db.session.get_bind().dialect.name](PeerMentorSeat).values(**values)
                 .on_conflict_do_nothing(index_elements=["cohort_id", "user_id"]).returning(PeerMentorSeat.id))
    seat_id = db.session.execute(statement).scalar_one_or_none()
    return db.session.get(PeerMentorSeat, seat_id) if seat_id is not None else None


def invite(cohort: Cohort, user_id: int, actor) -> PeerMentorSeat:
    """An admin invites an eligible graduate; ``PeerMentorError`` when not eligible or invited before."""
    graduate = eligibility.graduate_in(cohort, user_id)
    if graduate is None:
        raise PeerMentorError(gettext("This person cannot be invited here: they have not completed an earlier cohort "
                                      "of this track, are part of this cohort, or were invited before."))
    seat = _insert_seat(graduate, cohort, actor.id)
    if seat is None:
        raise PeerMentorError(gettext("%(name)s was invited to %(cohort)s at the same moment.",
                                      name=graduate.user.name, cohort=cohort.name))
    _invited(seat, actor)
    return seat


def _invited(seat: PeerMentorSeat, actor) -> None:
    record(actor, "peer_mentor_invited", seat, cohort=seat.cohort_id, user=seat.user_id)
    signals.peer_mentor_changed.send(seat, change="invited", actor=actor)


def invite_opted_in(cohort: Cohort) -> list[PeerMentorSeat]:
    """Invite every graduate who offers peer mentoring to ``cohort`` once it is open or running."""
    if cohort.status not in eligibility.AUTO_INVITE_STATUSES:
        return []
    seats = []
    for graduate in eligibility.graduates_for(cohort, opted_in_only=True):
        seat = _insert_seat(graduate, cohort, None)
        if seat is not None:
            _invited(seat, None)
            seats.append(seat)
    return seats


def invite_graduate_everywhere(user_id: int) -> list[PeerMentorSeat]:
    """A graduate just offered peer mentoring: invite them to every open later cohort of their tracks."""
    seats = []
    for cohort in eligibility.open_later_cohorts(user_id):
        graduate = eligibility.graduate_in(cohort, user_id)
        seat = _insert_seat(graduate, cohort, None) if graduate else None
        if seat is not None:
            _invited(seat, None)
            seats.append(seat)
    return seats


def _move(seat: PeerMentorSeat, target: SeatStatus, actor, change: str, **data) -> None:
    states.transition(seat, target, machine=SEAT_STATUS)
    try:
        db.session.flush()
    except StaleDataError:
        raise SeatChanged(gettext("This invitation changed at the same moment. Look at it again.")) from None
    record(actor, f"peer_mentor_{change}", seat, **data)
    signals.peer_mentor_changed.send(seat, change=change, actor=actor)


def accept(seat: PeerMentorSeat, user) -> None:
    _move(seat, SeatStatus.ACTIVE, user, "accepted")


def decline(seat: PeerMentorSeat, user) -> None:
    _move(seat, SeatStatus.DECLINED, user, "declined")


def end(seat: PeerMentorSeat, actor, reason: str = "") -> None:
    """The peer mentor steps down or an admin ends the seat: access ends now, and asks they
    hold in the cohort go back to the queue."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_CHARS:
        raise PeerMentorError(gettext("Keep the reason under %(limit)s characters.",
                                      limit=format_number(REASON_MAX_CHARS)))
    if actor.id != seat.user_id and not reason:
        raise PeerMentorError(gettext("Say why the seat ends: the graduate sees the reason."))
    was_active = seat.status == SeatStatus.ACTIVE
    seat.end_reason, seat.ended_by_id = reason, actor.id
    _move(seat, SeatStatus.ENDED, actor, "ended", reason=reason)
    if was_active:
        _give_back_asks(seat)


def _give_back_asks(seat: PeerMentorSeat) -> None:
    held = db.session.scalars(select(Ask).where(
        Ask.cohort_id == seat.cohort_id, Ask.mentor_id == seat.user_id,
        Ask.state.in_((AskState.AWAITING_MENTOR, AskState.AWAITING_LEARNER))).order_by(Ask.id)).all()
    for ask in held:
        ask.mentor_id, ask.claimed_at = None, None
        add_event(ask, lazy_gettext("%(name)s is no longer a peer mentor here; the ask is back in the queue.",
                                    name=seat.user.name))
        claims.flush_or_lost()
        if ask.state == AskState.AWAITING_MENTOR:
            signals.ask_offered.send(ask, why="its peer mentor stepped down")


def on_cohort_status_changed(cohort, *, to_status=None, **_) -> None:
    """A later cohort of a track opened: invite the graduates who offer peer mentoring."""
    if to_status in eligibility.AUTO_INVITE_STATUSES:
        invite_opted_in(cohort)


def on_peer_mentoring_offered(user, **_) -> None:
    invite_graduate_everywhere(user.id)
