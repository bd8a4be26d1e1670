"""The user's sessions and workshops in their personal calendar feed (``lms.cohorts.calendar``).

Registered as a feed source from ``lms.meetings.init_app``. Each event carries the UID of
the invitation emails (``lms.meetings.invites``), so a subscribed calendar and an accepted
invitation show one event, not two. Past events stay for ``FEED_PAST_DAYS``.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from lms.auth.models import User
from lms.cohorts.ics import CalendarEvent
from lms.database import utcnow
from lms.extensions import db
from lms.i18n.recipients import speaking_to
from lms.meetings.invites import booking_feed_event, workshop_feed_event
from lms.meetings.models import (
    HOLDING_STATUSES,
    Booking,
    RegistrationStatus,
    Workshop,
    WorkshopRegistration,
    WorkshopStatus,
)

FEED_PAST_DAYS = 30


def meeting_events(user: User, base_url: str) -> list[CalendarEvent]:
    """Requested and confirmed sessions (as learner or mentor), and scheduled workshops the
    user registered for (a seat, not the waitlist) or hosts."""
    since = utcnow() - timedelta(days=FEED_PAST_DAYS)
    bookings = db.session.scalars(
        select(Booking).where(or_(Booking.learner_id == user.id, Booking.mentor_id == user.id),
                              Booking.status.in_(HOLDING_STATUSES), Booking.ends_at >= since)
        .options(joinedload(Booking.learner), joinedload(Booking.mentor), joinedload(Booking.cohort))
        .order_by(Booking.starts_at, Booking.id)).all()
    registered = select(WorkshopRegistration.workshop_id).where(
        WorkshopRegistration.user_id == user.id, WorkshopRegistration.status == RegistrationStatus.REGISTERED)
    workshops = db.session.scalars(
        select(Workshop).where(or_(Workshop.host_id == user.id, Workshop.id.in_(registered)),
                               Workshop.status == WorkshopStatus.SCHEDULED, Workshop.ends_at >= since)
        .options(joinedload(Workshop.host)).order_by(Workshop.starts_at, Workshop.id)).all()
    with speaking_to(user):  # the feed's owner reads it, whoever's calendar program fetches it
        return [booking_feed_event(b) for b in bookings] + [workshop_feed_event(w) for w in workshops]
