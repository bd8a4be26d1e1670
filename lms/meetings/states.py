"""The state machines of bookings, workshops and workshop registrations (see ``models``).

A requested booking is confirmed or declined by the mentor, or cancelled by either person;
a confirmed one is cancelled, or after its start marked attended or no-show (the mentor may
correct one into the other). A reschedule keeps the booking (same UID, next SEQUENCE) and
its state, except that a learner's move of a confirmed session with a mentor who confirms
bookings asks the mentor again (confirmed -> requested). A cancelled registration may
register again; a waitlisted one moves up.
"""
from __future__ import annotations

from lms import states
from lms.meetings.models import BookingStatus, RegistrationStatus, WorkshopStatus

B, R, W = BookingStatus, RegistrationStatus, WorkshopStatus

BOOKING = states.StateMachine(
    noun="session", plural="sessions",
    transitions={None: [B.REQUESTED, B.CONFIRMED],
                 B.REQUESTED: [B.CONFIRMED, B.DECLINED, B.CANCELLED],
                 B.CONFIRMED: [B.CANCELLED, B.ATTENDED, B.NO_SHOW, B.REQUESTED],
                 B.ATTENDED: [B.NO_SHOW],
                 B.NO_SHOW: [B.ATTENDED],
                 B.DECLINED: [],
                 B.CANCELLED: []},
    labels={B.REQUESTED: "waiting for the mentor to confirm", B.NO_SHOW: "missed"},
    stamps={B.CONFIRMED: "confirmed_at", B.CANCELLED: "cancelled_at"})

WORKSHOP = states.StateMachine(
    noun="workshop", plural="workshops",
    transitions={None: [W.SCHEDULED], W.SCHEDULED: [W.CANCELLED], W.CANCELLED: []})

REGISTRATION = states.StateMachine(
    noun="registration", plural="registrations",
    transitions={None: [R.REGISTERED, R.WAITLISTED],
                 R.REGISTERED: [R.CANCELLED],
                 R.WAITLISTED: [R.REGISTERED, R.CANCELLED],
                 R.CANCELLED: [R.REGISTERED, R.WAITLISTED]},
    labels={R.WAITLISTED: "on the waitlist"})


def move_booking(booking, target: BookingStatus, **kwargs) -> None:
    """Move ``booking`` to ``target`` or raise ``InvalidTransition`` (a message safe to show)."""
    states.transition(booking, target, machine=BOOKING, **kwargs)


def move_workshop(workshop, target: WorkshopStatus, **kwargs) -> None:
    states.transition(workshop, target, machine=WORKSHOP, **kwargs)


def move_registration(registration, target: RegistrationStatus, **kwargs) -> None:
    states.transition(registration, target, machine=REGISTRATION, **kwargs)
