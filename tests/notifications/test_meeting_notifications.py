"""Who is told what about sessions and workshops: in the app, and by email with the invitation."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import icalendar
import pytest
from sqlalchemy import select

from lms import outbox, signals
from lms.extensions import db
from lms.meetings import states
from lms.meetings.models import BookingEvent, BookingEventKind, BookingStatus, RegistrationStatus, WorkshopStatus
from lms.notifications import services
from lms.notifications.models import Notification
from lms.outbox import OutboxEmail
from tests.clock import Clock
from tests.factories.meetings import make_booking, make_workshop, register
from tests.notifications.ask_helpers import emails_to, prefer, titles_for

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)
START = datetime(2026, 3, 30, 13, 0, tzinfo=timezone.utc)


def method_and_uid(email: OutboxEmail) -> tuple[str, str, int]:
    calendar = icalendar.Calendar.from_ical(email.calendar)
    [event] = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), str(event["UID"]), event.decoded("SEQUENCE")


@pytest.fixture
def session(world):
    world.mentor.timezone, world.learner.timezone = "Asia/Kolkata", "Europe/Berlin"
    return make_booking(world.enrollment, world.mentor, START, agenda="My portfolio")


def send(booking, change, actor, **event_fields):
    event = BookingEvent(booking_id=booking.id, kind=change, actor_id=actor.id if actor else None, **event_fields)
    db.session.add(event)
    db.session.flush()
    signals.booking_changed.send(booking, change=change, actor=actor, event=event)
    db.session.commit()


def test_a_booking_tells_both_people_with_a_request_invitation(session, world):
    send(session, BookingEventKind.BOOKED, world.learner)
    assert titles_for(world.learner) == ["Your session with Ana Mentor is booked"]
    assert titles_for(world.mentor) == ["Lea Learner booked a session with you"]
    for person in (world.learner, world.mentor):
        [email] = emails_to(person)
        assert method_and_uid(email) == ("REQUEST", session.uid, 0)
    # Each in their own zone, the other person's beside.
    [to_learner] = emails_to(world.learner)
    assert "Mon 30 Mar 2026, 15:00 (Europe/Berlin); 18:30 for Ana Mentor (Asia/Kolkata)" in to_learner.text
    [to_mentor] = emails_to(world.mentor)
    assert "Mon 30 Mar 2026, 18:30 (Asia/Kolkata); 15:00 for Lea Learner (Europe/Berlin)" in to_mentor.text
    assert "Video call: https://meet.jit.si/mentoring-test" in to_mentor.text


def test_a_signal_sent_twice_tells_once_but_a_change_tells_again(session, world):
    send(session, BookingEventKind.BOOKED, world.learner)
    send(session, BookingEventKind.BOOKED, world.learner)
    assert len(emails_to(world.learner)) == len(emails_to(world.mentor)) == 1
    previous = session.starts_at
    session.starts_at += timedelta(days=1)
    session.ends_at += timedelta(days=1)
    session.busy_until += timedelta(days=1)
    session.sequence += 1
    send(session, BookingEventKind.RESCHEDULED, world.learner, previous_starts_at=previous, reason="Clash")
    send(session, BookingEventKind.RESCHEDULED, world.learner, previous_starts_at=previous, reason="Clash")
    learner_emails = emails_to(world.learner)
    assert len(learner_emails) == 2 and method_and_uid(learner_emails[1]) == ("REQUEST", session.uid, 1)
    assert titles_for(world.mentor)[-1] == "Lea Learner moved your session"
    assert titles_for(world.learner)[-1] == "You moved the session with Ana Mentor"
    [moved] = db.session.scalars(select(Notification.body).where(
        Notification.user_id == world.mentor.id, Notification.title.like("%moved%"))).all()
    assert "It was on Mon 30 Mar 2026, 18:30 (Asia/Kolkata)." in moved and "Reason: Clash" in moved


def test_a_cancelled_session_sends_a_cancel_of_the_same_uid_with_a_higher_sequence(session, world):
    send(session, BookingEventKind.BOOKED, world.learner)
    states.move_booking(session, BookingStatus.CANCELLED)
    session.sequence += 1
    send(session, BookingEventKind.CANCELLED, world.mentor, reason="Ill")
    for person in (world.learner, world.mentor):
        booked, cancelled = emails_to(person)
        assert method_and_uid(booked) == ("REQUEST", session.uid, 0)
        assert method_and_uid(cancelled) == ("CANCEL", session.uid, 1)
    assert titles_for(world.learner)[-1] == "Ana Mentor cancelled your session"
    assert "removes the event from your calendar" in emails_to(world.learner)[-1].text


def test_a_request_asks_the_mentor_and_a_decline_cancels(world):
    booking = make_booking(world.enrollment, world.mentor, START, status=BookingStatus.REQUESTED)
    send(booking, BookingEventKind.BOOKED, world.learner)
    assert titles_for(world.mentor) == ["Lea Learner asks for a session with you: please confirm or decline"]
    states.move_booking(booking, BookingStatus.DECLINED)
    booking.sequence += 1
    send(booking, BookingEventKind.DECLINED, world.mentor, reason="Away that week")
    assert titles_for(world.learner)[-1] == "Ana Mentor declined your session"
    assert method_and_uid(emails_to(world.learner)[-1])[0] == "CANCEL"


def test_attendance_tells_nobody(session, world):
    send(session, BookingEventKind.ATTENDED, world.mentor)
    assert titles_for(world.learner) == titles_for(world.mentor) == []


def test_emails_wait_out_quiet_hours_unless_the_session_is_near(monkeypatch, session, world):
    Clock(NOW.replace(hour=23)).freeze(monkeypatch, outbox, services)
    prefer(world.learner, quiet=(22 * 60, 7 * 60))
    send(session, BookingEventKind.BOOKED, world.learner)
    [email] = emails_to(world.learner)
    assert email.next_attempt_at > NOW.replace(hour=23)  # held until 07:00 in Berlin


def test_news_of_a_session_soon_is_not_held_by_quiet_hours(monkeypatch, session, world):
    now = START - timedelta(hours=2)  # 13:00 in Berlin; quiet 12:00-16:00 ends after the start
    Clock(now).freeze(monkeypatch, outbox, services)
    prefer(world.learner, quiet=(12 * 60, 16 * 60))
    send(session, BookingEventKind.BOOKED, world.learner)
    [email] = emails_to(world.learner)
    assert email.next_attempt_at <= now


def test_the_delivered_email_carries_the_calendar_part_and_attachment(session, world, smtp_server):
    send(session, BookingEventKind.BOOKED, world.learner)
    outbox.deliver_due()  # (the delivery job may have sent it on commit already)
    [message] = smtp_server.to(world.learner.email)
    parts = {part.get_content_type(): part for part in message.walk()}
    calendar_part = parts["text/calendar"]
    assert calendar_part.get_param("method") == "REQUEST" and calendar_part.get_content_charset() == "utf-8"
    assert "text/plain" in parts
    [attachment] = [part for part in message.iter_attachments()]
    assert attachment.get_filename() == "invite.ics"
    parsed = icalendar.Calendar.from_ical(attachment.get_content())
    assert str(parsed.walk("VEVENT")[0]["UID"]) == session.uid


# --- Workshops ------------------------------------------------------------------------------

def test_seat_changes_send_the_person_a_request_or_cancel(world):
    workshop = make_workshop(world.mentor, START, cohort=world.cohort, seats=1)
    seat = register(workshop, world.learner)
    signals.workshop_seat_changed.send(seat, change="registered", actor=world.learner)
    waiting = register(workshop, world.other_learner, status=RegistrationStatus.WAITLISTED)
    signals.workshop_seat_changed.send(waiting, change="waitlisted", actor=world.other_learner)
    db.session.commit()
    assert method_and_uid(emails_to(world.learner)[0]) == ("REQUEST", workshop.uid, 0)
    [notice] = emails_to(world.other_learner)
    assert notice.calendar is None and "waitlist" in notice.subject
    states.move_registration(seat, RegistrationStatus.CANCELLED)
    seat.updated_at = NOW
    signals.workshop_seat_changed.send(seat, change="cancelled", actor=world.learner)
    states.move_registration(waiting, RegistrationStatus.REGISTERED)
    signals.workshop_seat_changed.send(waiting, change="promoted", actor=None)
    db.session.commit()
    assert method_and_uid(emails_to(world.learner)[-1])[0] == "CANCEL"
    assert method_and_uid(emails_to(world.other_learner)[-1]) == ("REQUEST", workshop.uid, 0)
    assert titles_for(world.other_learner)[-1] == "A seat freed up: you are in “Pricing your work”"


def test_a_moved_or_cancelled_workshop_updates_registrants_and_host(world):
    workshop = make_workshop(world.mentor, START, cohort=world.cohort)
    register(workshop, world.learner)
    register(workshop, world.other_learner, status=RegistrationStatus.WAITLISTED)
    signals.workshop_changed.send(workshop, change="scheduled", actor=world.mentor)
    workshop.starts_at += timedelta(hours=2)
    workshop.ends_at += timedelta(hours=2)
    workshop.sequence += 1
    signals.workshop_changed.send(workshop, change="updated", actor=world.mentor, moved=True)
    states.move_workshop(workshop, WorkshopStatus.CANCELLED)
    workshop.sequence += 1
    signals.workshop_changed.send(workshop, change="cancelled", actor=world.mentor)
    db.session.commit()
    assert [method_and_uid(e) for e in emails_to(world.mentor)] == [
        ("REQUEST", workshop.uid, 0), ("REQUEST", workshop.uid, 1), ("CANCEL", workshop.uid, 2)]
    assert [method_and_uid(e) for e in emails_to(world.learner)] == [
        ("REQUEST", workshop.uid, 1), ("CANCEL", workshop.uid, 2)]
    [waitlisted] = emails_to(world.other_learner)
    assert waitlisted.calendar is None and waitlisted.subject == "Workshop cancelled: Pricing your work"
