"""Booking a session through the pages: the free slots shown, what is refused and why."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.extensions import db
from lms.meetings.models import Booking, BookingEvent, BookingStatus
from tests.meetings.booking_world import NEXT_MONDAY_9, at, book_form, setup


def _count() -> int:
    return db.session.scalar(select(func.count(Booking.id)))


def test_a_learner_sees_the_week_of_free_slots_and_books_one(app, client, auth, monkeypatch):
    world, _ = setup(monkeypatch)
    auth.login_as(world.learner)
    page = client.get(f"/meetings/book/{world.enrollment.id}?mentor_id={world.mentor.id}&week=1")
    assert page.status_code == 200
    assert NEXT_MONDAY_9.isoformat() in page.text
    response = client.post(f"/meetings/book/{world.enrollment.id}", data=book_form(world, NEXT_MONDAY_9,
                                                                                    agenda="My **pricing**"))
    assert response.status_code == 302
    booking = db.session.scalars(select(Booking)).one()
    assert booking.status == BookingStatus.CONFIRMED and booking.starts_at == NEXT_MONDAY_9
    assert booking.busy_until == at(NEXT_MONDAY_9, minutes=40)
    assert booking.agenda_html == "<p>My <strong>pricing</strong></p>"
    assert booking.uid.startswith("booking-") and booking.sequence == 0
    assert [e.kind.value for e in db.session.scalars(select(BookingEvent))] == ["booked"]
