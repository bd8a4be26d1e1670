"""Calendar invitations of sessions and workshops, parsed back with ``icalendar`` field by field."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest

from lms.extensions import db
from lms.mail import build_message
from lms.meetings import invites, states
from lms.meetings.models import BookingStatus, RegistrationStatus, WorkshopStatus
from tests.factories.meetings import make_booking, make_workshop, register
from tests.submissions import conftest as submissions

world = submissions.world  # learner, mentor and cohort (a shared fixture)

START = datetime(2026, 3, 30, 13, 0, tzinfo=timezone.utc)  # Berlin has just moved to summer time


def parse(text: str) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def attendees(event) -> dict[str, icalendar.vCalAddress]:
    values = event.get("attendee")
    values = values if isinstance(values, list) else [values]
    return {str(a).removeprefix("mailto:"): a for a in values}


@pytest.fixture
def booking(world):
    world.mentor.timezone, world.learner.timezone = "Europe/Berlin", "Asia/Kolkata"
    return make_booking(world.enrollment, world.mentor, START, minutes=45, agenda="Pricing, my portfolio; CV",
                        video_url="https://meet.example.org/room-1", uid="booking-1@lms.test")


def test_a_booking_invite_is_a_request_with_every_field(booking, world):
    calendar, event = parse(invites.booking_invite(booking, now=START - timedelta(days=2)))
    assert calendar["METHOD"] == "REQUEST" and calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert str(event["UID"]) == "booking-1@lms.test"
    assert event.decoded("SEQUENCE") == 0
    assert event.decoded("DTSTAMP") == START - timedelta(days=2)
    # In the organiser's (mentor's) zone, with its VTIMEZONE; the same instant as stored.
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART") == START and event.decoded("DTSTART").hour == 15
    assert event.decoded("DTEND") == START + timedelta(minutes=45)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(event["ORGANIZER"]) == f"mailto:{world.mentor.email}"
    assert event["ORGANIZER"].params["CN"] == "Ana Mentor"
    people = attendees(event)
    assert people[world.learner.email].params["PARTSTAT"] == "ACCEPTED"
    assert people[world.mentor.email].params["PARTSTAT"] == "ACCEPTED"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == str(event["LOCATION"]) == "https://meet.example.org/room-1"
    assert str(event["SUMMARY"]) == "Mentoring session: Lea Learner with Ana Mentor"
    description = str(event["DESCRIPTION"])
    assert "Agenda:\nPricing, my portfolio; CV" in description
    assert f"/meetings/{booking.id}" in description


def test_a_requested_booking_is_tentative_and_waits_on_the_mentor(world):
    booking = make_booking(world.enrollment, world.mentor, START, status=BookingStatus.REQUESTED)
    calendar, event = parse(invites.booking_invite(booking))
    assert calendar["METHOD"] == "REQUEST" and str(event["STATUS"]) == "TENTATIVE"
    assert attendees(event)[world.mentor.email].params["PARTSTAT"] == "NEEDS-ACTION"


def test_a_cancelled_booking_cancels_the_same_uid_with_a_higher_sequence(booking, world):
    _, before = parse(invites.booking_invite(booking))
    states.move_booking(booking, BookingStatus.CANCELLED)
    booking.sequence += 1  # what the booking services do on each change
    booking.cancelled_by_id = world.learner.id
    booking.cancel_reason = "Ill today"
    db.session.commit()
    calendar, after = parse(invites.booking_invite(booking))
    assert calendar["METHOD"] == "CANCEL" and str(after["STATUS"]) == "CANCELLED"
    assert str(after["UID"]) == str(before["UID"])
    assert after.decoded("SEQUENCE") > before.decoded("SEQUENCE")
    assert after.decoded("DTSTART") == before.decoded("DTSTART")
    assert attendees(after)[world.learner.email].params["PARTSTAT"] == "DECLINED"
    assert "Reason: Ill today" in str(after["DESCRIPTION"])


def test_a_declined_booking_is_a_cancel(world):
    booking = make_booking(world.enrollment, world.mentor, START, status=BookingStatus.DECLINED)
    calendar, event = parse(invites.booking_invite(booking))
    assert calendar["METHOD"] == "CANCEL" and str(event["STATUS"]) == "CANCELLED"


def test_a_mentor_in_utc_gets_utc_times(world):
    booking = make_booking(world.enrollment, world.mentor, START)
    _, event = parse(invites.booking_invite(booking))
    assert event.decoded("DTSTART") == START and event.decoded("DTSTART").utcoffset() == timedelta(0)


def test_a_workshop_invite_names_only_its_reader_in_the_hosts_zone(world):
    workshop = make_workshop(world.mentor, START, cohort=world.cohort, timezone="America/New_York",
                             uid="workshop-1@lms.test", description="Bring **questions**.")
    register(workshop, world.learner)
    register(workshop, world.other_learner)
    calendar, event = parse(invites.workshop_invite(workshop, attendee=world.learner))
    assert calendar["METHOD"] == "REQUEST" and str(event["UID"]) == "workshop-1@lms.test"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTSTART").astimezone(ZoneInfo("America/New_York")).hour == 9
    assert str(event["ORGANIZER"]) == f"mailto:{world.mentor.email}"
    assert list(attendees(event)) == [world.mentor.email, world.learner.email]  # not the other registrant
    assert attendees(event)[world.mentor.email].params["ROLE"] == "CHAIR"
    assert str(event["STATUS"]) == "CONFIRMED" and str(event["SUMMARY"]) == "Pricing your work"
    assert str(event["LOCATION"]) == "https://meet.jit.si/workshop-test"


def test_a_cancelled_workshop_or_seat_is_a_cancel_of_the_same_uid(world):
    workshop = make_workshop(world.mentor, START, cohort=world.cohort)
    seat = register(workshop, world.learner)
    states.move_registration(seat, RegistrationStatus.CANCELLED)
    assert invites.workshop_method(workshop, seat) == "CANCEL"
    calendar, event = parse(invites.workshop_invite(workshop, invites.workshop_method(workshop, seat), world.learner))
    assert calendar["METHOD"] == "CANCEL" and str(event["UID"]) == workshop.uid
    assert attendees(event)[world.learner.email].params["PARTSTAT"] == "DECLINED"
    states.move_workshop(workshop, WorkshopStatus.CANCELLED)
    workshop.sequence += 1
    calendar, event = parse(invites.workshop_invite(workshop))
    assert calendar["METHOD"] == "CANCEL" and event.decoded("SEQUENCE") == 1
    assert list(attendees(event)) == [world.mentor.email]


# --- Downloads --------------------------------------------------------------------------

def test_the_people_of_a_session_download_its_invitation(client, auth, booking, world):
    auth.login_as(world.learner)
    response = client.get(f"/meetings/{booking.id}/invite.ics")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    _, event = parse(response.get_data(as_text=True))
    assert str(event["UID"]) == booking.uid
    auth.login_as(world.other_learner)
    assert client.get(f"/meetings/{booking.id}/invite.ics").status_code == 404
    assert client.get("/meetings/999999/invite.ics").status_code == 404


def test_a_registrant_downloads_the_workshop_with_themselves_as_attendee(client, auth, world):
    workshop = make_workshop(world.mentor, START, cohort=world.cohort)
    register(workshop, world.learner)
    auth.login_as(world.learner)
    calendar, event = parse(client.get(f"/workshops/{workshop.id}/invite.ics").get_data(as_text=True))
    assert calendar["METHOD"] == "REQUEST" and list(attendees(event)) == [world.mentor.email, world.learner.email]
    auth.login_as(world.other_learner)  # in the cohort, not registered: the event, only its host named
    calendar, event = parse(client.get(f"/workshops/{workshop.id}/invite.ics").get_data(as_text=True))
    assert list(attendees(event)) == [world.mentor.email]
    assert client.get("/workshops/999999/invite.ics").status_code == 404


def test_a_message_with_an_invitation_has_the_calendar_alternative_and_the_attachment(booking):
    states.move_booking(booking, BookingStatus.CANCELLED)
    message = build_message("lea@example.org", "Cancelled", "Plain text", "<p>HTML</p>", sender="lms@example.org",
                            calendar=invites.booking_invite(booking))
    assert message.get_content_type() == "multipart/mixed"
    [alternative, attachment] = message.iter_parts()
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html", "text/calendar"]
    calendar_part = list(alternative.iter_parts())[2]
    assert calendar_part.get_param("method") == "CANCEL" and calendar_part.get_content_charset() == "utf-8"
    assert attachment.get_filename() == "invite.ics" and attachment.get_content_type() == "application/ics"
    assert icalendar.Calendar.from_ical(attachment.get_content())["METHOD"] == "CANCEL"
