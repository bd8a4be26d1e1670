"""The personal calendar feed lists the user's sessions and workshops, with the invitations' UIDs."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import icalendar

from lms.cohorts import calendar
from lms.extensions import db
from lms.meetings.models import BookingStatus, RegistrationStatus
from tests.factories.auth import make_user
from tests.factories.meetings import make_booking, make_workshop, register
from tests.querycount import count_queries
from tests.submissions import conftest as submissions

world = submissions.world  # learner, mentor and cohort (a shared fixture)

SOON = datetime.now(timezone.utc).replace(microsecond=0, second=0, minute=0) + timedelta(days=2)


def feed_of(client, user) -> dict[str, icalendar.Event]:
    token = calendar.token_for(user).token
    db.session.commit()
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    parsed = icalendar.Calendar.from_ical(response.get_data(as_text=True))
    return {str(event["UID"]): event for event in parsed.walk("VEVENT")}


def test_the_feed_has_sessions_of_learner_and_mentor_with_their_times(client, world):
    world.mentor.timezone = "America/New_York"
    confirmed = make_booking(world.enrollment, world.mentor, SOON, minutes=60)
    requested = make_booking(world.enrollment, world.mentor, SOON + timedelta(days=1),
                             status=BookingStatus.REQUESTED)
    cancelled = make_booking(world.enrollment, world.mentor, SOON + timedelta(days=2),
                             status=BookingStatus.CANCELLED)
    other = make_booking(world.other_enrollment, world.mentor, SOON + timedelta(days=3))
    for person in (world.learner, world.mentor):
        events = feed_of(client, person)
        assert confirmed.uid in events and requested.uid in events and cancelled.uid not in events
        event = events[confirmed.uid]
        assert event.decoded("DTSTART") == SOON and event.decoded("DTEND") == SOON + timedelta(hours=1)
        assert str(event["STATUS"]) == "CONFIRMED" and str(event["LOCATION"]) == confirmed.video_url
        assert str(events[requested.uid]["STATUS"]) == "TENTATIVE"
    assert other.uid not in feed_of(client, world.learner)
    assert other.uid in feed_of(client, world.mentor)


def test_the_feed_has_workshops_registered_for_or_hosted(client, world):
    workshop = make_workshop(world.mentor, SOON, cohort=world.cohort, minutes=90)
    register(workshop, world.learner)
    register(workshop, world.other_learner, status=RegistrationStatus.WAITLISTED)
    outsider = make_user(name="Out Sider")
    for person in (world.learner, world.mentor):
        event = feed_of(client, person)[workshop.uid]
        assert event.decoded("DTSTART") == SOON and event.decoded("DTEND") == SOON + timedelta(minutes=90)
        assert str(event["SUMMARY"]) == "Pricing your work"
    assert workshop.uid not in feed_of(client, world.other_learner)  # only on the waitlist
    assert workshop.uid not in feed_of(client, outsider)


def test_the_feed_runs_the_same_queries_for_1_or_12_sessions_and_workshops(client, world):
    token = calendar.token_for(world.mentor).token
    db.session.commit()

    def queries() -> int:
        with count_queries() as counted:
            assert client.get(f"/calendar/{token}.ics").status_code == 200
        return counted.count

    make_booking(world.enrollment, world.mentor, SOON)
    make_workshop(world.mentor, SOON + timedelta(days=20), cohort=world.cohort)
    one = queries()
    for day in range(1, 12):
        enrollment = world.enrollment if day % 2 else world.other_enrollment
        make_booking(enrollment, world.mentor, SOON + timedelta(days=day))
        register(make_workshop(world.mentor, SOON + timedelta(days=20, hours=day), cohort=world.cohort),
                 world.learner)
    assert queries() == one
