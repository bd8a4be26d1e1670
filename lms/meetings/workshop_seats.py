"""Seats and the waitlist of a workshop, safe under concurrency.

``seats_taken`` changes only by conditional UPDATEs (``... WHERE seats_taken < seats``), so
the last seat has one winner; the loser joins the waitlist. A registration row is claimed by
a conditional UPDATE on its current status before it moves, so a form sent twice (two
requests at once) moves it once. Cancelling a seat frees it and, in the same transaction,
moves up the oldest waitlisted person. Every move goes through ``move_registration``;
``workshop_seat_changed`` is sent after the rows are flushed.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from lms.database import utcnow
from lms.extensions import db
from lms.meetings import states
from lms.meetings.models import RegistrationStatus, Workshop, WorkshopRegistration, WorkshopStatus
from lms.meetings.workshop_errors import WorkshopError
from lms.signals import workshop_seat_changed

R = RegistrationStatus


def _take_seat(workshop_id: int) -> bool:
    """One conditional UPDATE; True when a seat was free and is now taken."""
    result = db.session.execute(update(Workshop).where(Workshop.id == workshop_id,
                                                       Workshop.seats_taken < Workshop.seats)
                                .values(seats_taken=Workshop.seats_taken + 1)
                                .execution_options(synchronize_session=False))
    return result.rowcount == 1


def _free_seat(workshop_id: int) -> None:
    db.session.execute(update(Workshop).where(Workshop.id == workshop_id, Workshop.seats_taken > 0)
                       .values(seats_taken=Workshop.seats_taken - 1).execution_options(synchronize_session=False))


def _claim(registration: WorkshopRegistration, expected: RegistrationStatus) -> bool:
    """Lock the row while it still has ``expected`` status (another request may have moved it)."""
    result = db.session.execute(update(WorkshopRegistration).where(
        WorkshopRegistration.id == registration.id, WorkshopRegistration.status == expected)
        .values(updated_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount == 1


def _open_for_registration(workshop: Workshop, now: datetime) -> None:
    if workshop.status != WorkshopStatus.SCHEDULED:
        raise WorkshopError(gettext("This workshop was cancelled."))
    if workshop.starts_at <= now:
        raise WorkshopError(gettext("This workshop has started: registration is closed."))


def registration_of(workshop_id: int, user_id: int) -> WorkshopRegistration | None:
    return db.session.scalar(select(WorkshopRegistration).where(
        WorkshopRegistration.workshop_id == workshop_id, WorkshopRegistration.user_id == user_id))


def _place(registration: WorkshopRegistration, now: datetime) -> str:
    """A seat if one is free, else the end of the waitlist; the change's name for the signal."""
    if _take_seat(registration.workshop_id):
        states.move_registration(registration, R.REGISTERED)
        registration.waitlisted_at = None
        return "registered"
    states.move_registration(registration, R.WAITLISTED)
    registration.waitlisted_at = now
    return "waitlisted"


def register(workshop: Workshop, user, *, now: datetime | None = None) -> WorkshopRegistration:
    """Take a seat or a waitlist place. Registering again while registered or waitlisted changes
    nothing; after cancelling, the same row is used again."""
    now = now or utcnow()
    _open_for_registration(workshop, now)
    registration = registration_of(workshop.id, user.id)
    if registration is None:
        registration = WorkshopRegistration(workshop_id=workshop.id, user_id=user.id)
        try:
            with db.session.begin_nested():
                change = _place(registration, now)
                db.session.add(registration)
                db.session.flush()
        except IntegrityError:  # the same person, a moment earlier (a double-click): theirs counts
            return registration_of(workshop.id, user.id)
    else:
        if registration.status != R.CANCELLED or not _claim(registration, R.CANCELLED):
            db.session.refresh(registration)
            return registration
        change = _place(registration, now)
        db.session.flush()
    db.session.refresh(workshop, ["seats_taken"])
    workshop_seat_changed.send(registration, change=change, actor=user)
    return registration


def unregister(workshop: Workshop, user, *, actor=None, now: datetime | None = None) -> WorkshopRegistration | None:
    """Give up a seat or a waitlist place; a freed seat goes to the oldest waitlisted person.
    None when there was nothing to give up (never registered, or already cancelled)."""
    now = now or utcnow()
    actor = actor or user
    if workshop.status != WorkshopStatus.SCHEDULED:
        raise WorkshopError(gettext("This workshop was cancelled."))
    if workshop.starts_at <= now:
        raise WorkshopError(gettext("This workshop has started: there is nothing to cancel."))
    registration = registration_of(workshop.id, user.id)
    if registration is None or registration.status == R.CANCELLED:
        return None
    held = registration.status
    if not _claim(registration, held):  # the same person, a moment earlier (a double-click)
        return None
    states.move_registration(registration, R.CANCELLED)
    registration.waitlisted_at = None
    db.session.flush()
    if held == R.REGISTERED:
        _free_seat(workshop.id)
    workshop_seat_changed.send(registration, change="cancelled", actor=actor)
    if held == R.REGISTERED:
        fill_from_waitlist(workshop, actor)
    db.session.refresh(workshop, ["seats_taken"])
    return registration


def fill_from_waitlist(workshop: Workshop, actor) -> list[WorkshopRegistration]:
    """Move up waitlisted people, oldest first, while seats are free (each seat by the conditional UPDATE)."""
    promoted = []
    waiting = db.session.scalars(select(WorkshopRegistration).where(
        WorkshopRegistration.workshop_id == workshop.id, WorkshopRegistration.status == R.WAITLISTED)
        .order_by(WorkshopRegistration.waitlisted_at, WorkshopRegistration.id)).all()
    for registration in waiting:
        if not _claim(registration, R.WAITLISTED):
            continue  # they cancelled (or moved up) at this moment
        if not _take_seat(workshop.id):
            break
        states.move_registration(registration, R.REGISTERED)
        registration.waitlisted_at = None
        db.session.flush()
        promoted.append(registration)
        workshop_seat_changed.send(registration, change="promoted", actor=actor)
    db.session.refresh(workshop, ["seats_taken"])
    return promoted


def waitlist_position(registration: WorkshopRegistration | None) -> int | None:
    """1 for the next person to move up; None unless waitlisted."""
    if registration is None or registration.status != R.WAITLISTED:
        return None
    ahead = db.session.scalar(select(db.func.count()).select_from(WorkshopRegistration).where(
        WorkshopRegistration.workshop_id == registration.workshop_id, WorkshopRegistration.status == R.WAITLISTED,
        (WorkshopRegistration.waitlisted_at < registration.waitlisted_at)
        | ((WorkshopRegistration.waitlisted_at == registration.waitlisted_at)
           & (WorkshopRegistration.id < registration.id))))
    return (ahead or 0) + 1
