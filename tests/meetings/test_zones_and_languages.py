"""Sessions across time zones and languages: a weekly session hosted in London read in New York,
London and Kolkata across the clock changes (New York on 8 March 2026, London on 29 March),
each time named with its zone; invitations and pages in the reader's language."""
from __future__ import annotations

from datetime import datetime, timezone

import icalendar
import pytest

from lms.cohorts.models import Enrollment
from lms.extensions import db
from lms.i18n.recipients import speaking_to
from lms.meetings import invites
from lms.meetings.booking_queries import session_time, zone_label
from lms.notifications.meeting_text import when
from tests.factories.auth import make_user
from tests.factories.meetings import make_booking, make_workshop
from tests.meetings import workshop_world

clock = workshop_world.clock  # the fixtures, shared by the workshop tests
world = workshop_world.world

# 18:00 in London both Thursdays: GMT (UTC+0) on 26 March, BST (UTC+1) on 2 April.
WEEK_1 = datetime(2026, 3, 26, 18, 0, tzinfo=timezone.utc)
WEEK_2 = datetime(2026, 4, 2, 17, 0, tzinfo=timezone.utc)
READERS = {
    # zone: (26 March, 2 April) as the reader's page shows them
    "America/New_York": ("26 Mar 2026, 14:00 (America/New York)", "2 Apr 2026, 13:00 (America/New York)"),
    "Europe/London": ("26 Mar 2026, 18:00 (Europe/London)", "2 Apr 2026, 18:00 (Europe/London)"),
    "Asia/Kolkata": ("26 Mar 2026, 23:30 (Asia/Kolkata)", "2 Apr 2026, 22:30 (Asia/Kolkata)"),
}


@pytest.fixture
def weekly(world):
    host = make_user(name="Hana Host", email="hana@example.org", timezone="Europe/London")
    return [make_workshop(host, moment, cohort=world.cohort, title="Weekly portfolio clinic", timezone="Europe/London")
            for moment in (WEEK_1, WEEK_2)]


@pytest.mark.parametrize("zone", READERS)
def test_a_weekly_london_session_shows_each_readers_wall_clock_across_the_clock_changes(client, auth, world, weekly,
                                                                                       zone):
    reader = world.learners[0]
    reader.timezone = zone
    db.session.commit()
    auth.login_as(reader)
    for workshop, expected in zip(weekly, READERS[zone], strict=True):
        page = client.get(f"/workshops/{workshop.id}").data.decode()
        assert expected in page
        # The host's own wall clock beside it, unless the reader is in London too: 18:00 both weeks.
        assert ("18:00 for the host (Europe/London)" in page) == (zone != "Europe/London")


def test_the_same_moments_read_in_spanish_and_arabic_keep_each_zone(app):
    cases = [("es", "America/New_York", "jue, 26 mar 2026, 14:00", "jue, 2 abr 2026, 13:00"),
             ("ar", "Asia/Kolkata", "الخميس، 26 مارس 2026، 23:30", "الخميس، 2 أبريل 2026، 22:30"),
             ("en", "Europe/London", "Thu 26 Mar 2026, 18:00", "Thu 2 Apr 2026, 18:00")]
    for language, zone, first, second in cases:
        with speaking_to(language=language, timezone=zone):
            assert session_time(WEEK_1, zone) == first and session_time(WEEK_2, zone) == second
            assert zone_label(zone) == zone.replace("_", " ")
            # An email's "when": the reader's clock and zone, the host's London clock beside it.
            text = when(WEEK_2, zone, "Hana Host", "Europe/London")
            assert text.startswith(f"{second} ({zone.replace('_', ' ')})")
            assert ("18:00" in text and "Europe/London" in text)


def test_a_spanish_reader_sees_the_workshop_page_in_spanish_with_their_zone(client, auth, world, weekly):
    reader = world.learners[1]
    reader.timezone, reader.language = "America/New_York", "es"
    db.session.commit()
    auth.login_as(reader)
    page = client.get(f"/workshops/{weekly[0].id}").data.decode()
    assert "26 mar 2026, 14:00 (America/New York)" in page
    assert "18:00 para quien lo organiza (Europe/London)" in page and "Cuándo" in page and "Plazas" in page


def test_an_arabic_reader_sees_the_workshop_list_right_to_left(client, auth, world, weekly):
    reader = world.learners[0]
    reader.timezone, reader.language = "Asia/Kolkata", "ar"
    db.session.commit()
    auth.login_as(reader)
    page = client.get("/workshops/").data.decode()
    assert 'dir="rtl"' in page and "ورش العمل والساعات المكتبية" in page
    assert "26 مارس 2026، 23:30 (Asia/Kolkata)" in page


# --- Invitations -------------------------------------------------------------------------------

def _event(text: str):
    [event] = icalendar.Calendar.from_ical(text).walk("VEVENT")
    return event


def test_an_invitation_is_written_in_its_readers_language_and_zone(world):
    mentor, learner = world.mentor, world.learners[0]
    mentor.timezone, learner.timezone = "Europe/London", "America/New_York"
    db.session.commit()
    enrollment = db.session.scalar(db.select(Enrollment).where(Enrollment.user_id == learner.id,
                                                                Enrollment.cohort_id == world.cohort.id))
    booking = make_booking(enrollment, mentor, WEEK_2, minutes=45)
    with speaking_to(learner, language="es"):
        event = _event(invites.booking_invite(booking))
    assert str(event["SUMMARY"]) == f"Sesión de mentoría: {learner.name} con {mentor.name}"
    description = str(event["DESCRIPTION"])
    assert "Sesión de 45 minutos en" in description
    assert "Cuándo: jue, 2 abr 2026, 13:00 (America/New York)" in description
    assert event["DTSTART"].params["TZID"] == "Europe/London" and event.decoded("DTSTART").hour == 18
    with speaking_to(learner, language="ar"):
        event = _event(invites.booking_invite(booking))
    assert str(event["SUMMARY"]) == f"جلسة إرشاد: {learner.name} مع {mentor.name}"
    with speaking_to(mentor, language="en"):
        event = _event(invites.booking_invite(booking))
    assert str(event["SUMMARY"]) == f"Mentoring session: {learner.name} with {mentor.name}"
    assert "When: Thu 2 Apr 2026, 18:00 (Europe/London)" in str(event["DESCRIPTION"])
