"""Confirm, cancel, move and attendance rules, with a clock that stands still: who may do
what until when, how many times, and what the calendar identity (UID, SEQUENCE) does."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.meetings import booking_changes, bookings
from lms.meetings.bookings import BookingError
from lms.meetings.models import Booking, BookingEvent, BookingEventKind, BookingStatus
from lms.signals import booking_changed
from tests.meetings.booking_world import NEXT_MONDAY_9, at, setup


def _book(world, starts_at=NEXT_MONDAY_9, **fields):
    booking = bookings.book(world.enrollment, world.mentor.id, starts_at, 30, actor=world.learner, **fields)
    db.session.commit()
    return booking


def test_the_learner_cancels_until_the_mentors_hours_before_and_not_after(app, monkeypatch):
    world, clock = setup(monkeypatch, cancel_hours=24)
    early, late = _book(world), _book(world, at(NEXT_MONDAY_9, hours=2))
    clock.now = at(NEXT_MONDAY_9, hours=-24)      # exactly 24 h before the first: still allowed
    booking_changes.cancel(early, "Sick", world.learner)
    clock.now = at(NEXT_MONDAY_9, hours=-21)      # 23 h before the second: too late
    with pytest.raises(BookingError, match="until 24 hours before they start"):
        booking_changes.cancel(late, "Sick", world.learner)
    booking_changes.cancel(late, "Double-booked myself", world.mentor)  # the mentor may, any time before
    db.session.commit()
    assert (early.status, late.status) == (BookingStatus.CANCELLED, BookingStatus.CANCELLED)
    assert late.cancelled_by_id == world.mentor.id and late.cancel_reason == "Double-booked myself"
    assert early.sequence == late.sequence == 1


def test_nobody_cancels_a_session_that_started_and_a_reason_is_required(app, monkeypatch):
    world, clock = setup(monkeypatch)
    booking = _book(world)
    with pytest.raises(BookingError, match="Say why"):
        booking_changes.cancel(booking, "   ", world.mentor)
    clock.now = at(NEXT_MONDAY_9, minutes=1)
    with pytest.raises(BookingError, match="already started"):
        booking_changes.cancel(booking, "Late", world.mentor)


def test_a_move_keeps_the_uid_raises_the_sequence_and_records_the_previous_start(app, monkeypatch):
    world, _ = setup(monkeypatch)
    booking = _book(world)
    uid = booking.uid
    seen = []

    def listen(sender, **kw):
        seen.append((sender.id, kw["change"], kw["event"].kind, kw["actor"].id))

    with booking_changed.connected_to(listen):
        booking_changes.reschedule(booking, at(NEXT_MONDAY_9, hours=3), 60, world.learner, reason="Clash")
        db.session.commit()
    assert booking.uid == uid and booking.sequence == 1 and booking.reschedules == 1
    assert (booking.starts_at, booking.minutes) == (at(NEXT_MONDAY_9, hours=3), 60)
    assert booking.busy_until == at(NEXT_MONDAY_9, hours=4, minutes=10)
    event = db.session.scalars(select(BookingEvent).where(BookingEvent.kind == BookingEventKind.RESCHEDULED)).one()
    assert event.previous_starts_at == NEXT_MONDAY_9 and event.reason == "Clash"
    assert seen == [(booking.id, BookingEventKind.RESCHEDULED, BookingEventKind.RESCHEDULED, world.learner.id)]
    # The old time is free again for another learner.
    other = bookings.book(world.other_enrollment, world.mentor.id, NEXT_MONDAY_9, 30, actor=world.other_learner)
    assert other.status == BookingStatus.CONFIRMED


def test_a_move_may_overlap_its_own_old_time(app, monkeypatch):
    world, _ = setup(monkeypatch)
    booking = _book(world)
    booking_changes.reschedule(booking, at(NEXT_MONDAY_9, minutes=30), 30, world.learner)
    db.session.commit()
    assert booking.starts_at == at(NEXT_MONDAY_9, minutes=30)


def test_the_learner_moves_at_most_the_mentors_limit_the_mentors_moves_do_not_count(app, monkeypatch):
    world, _ = setup(monkeypatch, max_reschedules=1)
    booking = _book(world)
    booking_changes.reschedule(booking, at(NEXT_MONDAY_9, hours=1), 30, world.mentor)
    booking_changes.reschedule(booking, at(NEXT_MONDAY_9, hours=2), 30, world.learner)
    db.session.commit()
    with pytest.raises(BookingError, match="at most 1 time;"):
        booking_changes.reschedule(booking, at(NEXT_MONDAY_9, hours=3), 30, world.learner)
    booking_changes.reschedule(booking, at(NEXT_MONDAY_9, hours=4), 30, world.mentor)
    db.session.commit()
    assert booking.reschedules == 3 and booking.sequence == 3


def test_the_learner_cannot_move_inside_the_cancel_hours_nor_onto_a_taken_time(app, monkeypatch):
    world, clock = setup(monkeypatch, cancel_hours=12)
    booking = _book(world)
    bookings.book(world.other_enrollment, world.mentor.id, at(NEXT_MONDAY_9, hours=2), 30, actor=world.other_learner)
    db.session.commit()
    with pytest.raises(BookingError, match="no longer free"):
        booking_changes.reschedule(booking, at(NEXT_MONDAY_9, hours=2), 30, world.learner)
    clock.now = at(NEXT_MONDAY_9, hours=-11)
    with pytest.raises(BookingError, match="too late to move"):
        booking_changes.reschedule(booking, at(NEXT_MONDAY_9, hours=5), 30, world.learner)


def test_a_learners_move_asks_a_confirming_mentor_again_a_mentors_move_does_not(app, monkeypatch):
    world, _ = setup(monkeypatch, requires_confirmation=True)
    booking = _book(world)
    booking_changes.confirm(booking, world.mentor)
    booking_changes.reschedule(booking, at(NEXT_MONDAY_9, hours=1), 30, world.mentor)
    assert booking.status == BookingStatus.CONFIRMED
    booking_changes.reschedule(booking, at(NEXT_MONDAY_9, hours=2), 30, world.learner)
    db.session.commit()
    assert booking.status == BookingStatus.REQUESTED and booking.sequence == 3


def test_attendance_is_recorded_after_the_start_by_the_mentor_and_can_be_corrected(app, client, auth, monkeypatch):
    world, clock = setup(monkeypatch)
    booking = _book(world)
    with pytest.raises(BookingError, match="once the session has started"):
        booking_changes.record_attendance(booking, False, world.mentor)
    clock.now = at(NEXT_MONDAY_9, minutes=20)
    auth.login_as(world.learner)
    assert client.post(f"/meetings/{booking.id}/attendance", data={"attended": "yes"}).status_code == 403
    auth.login_as(world.mentor)
    assert client.post(f"/meetings/{booking.id}/attendance", data={"attended": "no"}).status_code == 302
    db.session.expire_all()
    assert booking.status == BookingStatus.NO_SHOW and booking.sequence == 1
    assert "Missed (no-show)" in client.get(f"/meetings/{booking.id}").text
    client.post(f"/meetings/{booking.id}/attendance", data={"attended": "yes"})
    db.session.expire_all()
    assert booking.status == BookingStatus.ATTENDED and booking.sequence == 2
    kinds = [e.kind for e in db.session.scalars(select(BookingEvent).order_by(BookingEvent.id))]
    assert kinds == [BookingEventKind.BOOKED, BookingEventKind.NO_SHOW, BookingEventKind.ATTENDED]


def test_cancel_and_reschedule_through_the_pages_with_messages(app, client, auth, monkeypatch):
    world, clock = setup(monkeypatch, cancel_hours=12)
    booking = _book(world)
    auth.login_as(world.learner)
    page = client.get(f"/meetings/{booking.id}/reschedule?week=1")
    assert page.status_code == 200 and at(NEXT_MONDAY_9, hours=1).isoformat() in page.text
    saturday = "2027-01-09T09:00:00+00:00"
    bad = client.post(f"/meetings/{booking.id}/reschedule", data={"minutes": "30", "starts": saturday})
    assert bad.status_code == 400 and "no longer free" in bad.text
    moved = client.post(f"/meetings/{booking.id}/reschedule",
                        data={"minutes": "30", "starts": at(NEXT_MONDAY_9, hours=1).isoformat()})
    assert moved.status_code == 302
    empty = client.post(f"/meetings/{booking.id}/cancel", data={"cancel-reason": ""})
    assert empty.status_code == 400 and "Give a reason" in empty.text
    clock.now = at(NEXT_MONDAY_9, hours=-2)
    late = client.post(f"/meetings/{booking.id}/cancel", data={"cancel-reason": "Ill"}, follow_redirects=True)
    assert "too late to cancel" in late.text
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == BookingStatus.CONFIRMED
