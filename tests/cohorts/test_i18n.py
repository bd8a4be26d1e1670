"""Cohort pages in the reader's language and time zone: deadlines (23:59 in the cohort's zone) as
readers in other zones see them across daylight-saving changes, Spanish and Arabic pages, and the
calendar feed in its owner's language."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lms.cohorts import schedule, services
from lms.cohorts.models import CalendarToken, CohortStatus, EnrollmentRole
from lms.extensions import db
from lms.i18n.formatting import format_deadline
from lms.i18n.recipients import speaking_to
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, lessons_of, make_cohort

# A cohort in London starting on Saturday 21 March 2026: its "landing-page" assignment (due_days 7) is
# due on Saturday 28 March, still GMT (UTC+0); London moves to BST (UTC+1) on Sunday 29 March, and the
# "launch" deadline is moved to Monday 30 March, 23:59 BST. New York moved to EDT (UTC-4) on 8 March.
START = date(2026, 3, 21)
BEFORE_LONDON_CHANGE = datetime(2026, 3, 28, 23, 59, tzinfo=UTC)   # 23:59 GMT
AFTER_LONDON_CHANGE = datetime(2026, 3, 30, 22, 59, tzinfo=UTC)    # 23:59 BST

# (reader's zone, what they read for the 28 March deadline, and for the 30 March one)
READERS = [
    ("America/New_York", "Sat 28 Mar 2026, 19:59", "Mon 30 Mar 2026, 18:59"),   # EDT, UTC-4
    ("Asia/Kolkata", "Sun 29 Mar 2026, 05:29", "Tue 31 Mar 2026, 04:29"),       # IST, UTC+5:30
]


@pytest.fixture
def london_cohort(track, admin):
    cohort = make_cohort(track, starts_on=START, timezone="Europe/London", name="London spring")
    launch = lessons_of(track)[5]
    services.set_deadline(cohort, launch, datetime(2026, 3, 30, 23, 59), admin)
    db.session.commit()
    return cohort


def test_deadlines_are_stored_at_2359_in_the_cohorts_zone_on_both_sides_of_its_dst_change(london_cohort, track):
    overrides = {lesson_id: at for (_, lesson_id), at in services.deadline_overrides([london_cohort.id]).items()}
    due = {d.lesson_id: d.due_at for d in schedule.deadlines(london_cohort, lessons_of(track), overrides)}
    landing, launch = lessons_of(track)[3], lessons_of(track)[5]
    assert due[landing.id] == BEFORE_LONDON_CHANGE
    assert due[launch.id] == AFTER_LONDON_CHANGE


@pytest.mark.parametrize("zone, before, after", READERS)
def test_a_deadline_reads_in_the_readers_zone_with_2359_in_the_cohorts_zone_beside_it(app, zone, before, after):
    with app.test_request_context(), speaking_to(language="en", timezone=zone):
        first = format_deadline(BEFORE_LONDON_CHANGE, "Europe/London")
        second = format_deadline(AFTER_LONDON_CHANGE, "Europe/London")
    assert first == f"{before} (Sat 28 Mar 2026, 23:59 in Europe/London, the cohort's time zone)"
    assert second == f"{after} (Mon 30 Mar 2026, 23:59 in Europe/London, the cohort's time zone)"


def test_a_reader_in_the_cohorts_zone_reads_2359_once_with_the_zone(app):
    with app.test_request_context(), speaking_to(language="en", timezone="Europe/London"):
        assert format_deadline(BEFORE_LONDON_CHANGE, "Europe/London") == "Sat 28 Mar 2026, 23:59 (Europe/London)"
        assert format_deadline(AFTER_LONDON_CHANGE, "Europe/London") == "Mon 30 Mar 2026, 23:59 (Europe/London)"


@pytest.mark.parametrize("zone, before, after", READERS + [("Europe/London", "Sat 28 Mar 2026, 23:59",
                                                            "Mon 30 Mar 2026, 23:59")])
def test_the_schedule_shows_each_reader_their_own_wall_clock_and_the_cohorts(client, auth, london_cohort,
                                                                            zone, before, after):
    reader = make_user(email=f"{zone.split('/')[1].lower()}@example.org", timezone=zone)
    enrol(london_cohort, reader)
    auth.login_as(reader)
    page = client.get(f"/cohorts/{london_cohort.id}/schedule").get_data(as_text=True)
    assert before in page and after in page
    if zone == "Europe/London":
        assert "Sat 28 Mar 2026, 23:59 (Europe/London)" in page and "in Europe/London, the cohort" not in page
    else:
        assert "(Sat 28 Mar 2026, 23:59 in Europe/London, the cohort&#39;s time zone)" in page
        assert "(Mon 30 Mar 2026, 23:59 in Europe/London, the cohort&#39;s time zone)" in page
        assert f"<strong>{zone.replace('_', ' ')}</strong>" in page  # "shown in your time zone, …"


def test_the_schedule_speaks_spanish_to_a_spanish_browser(client, auth, user, london_cohort):
    enrol(london_cohort, user)
    auth.login_as(user)
    page = client.get(f"/cohorts/{london_cohort.id}/schedule",
                      headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="es"' in page
    assert "Fechas límite" in page and "Abrir el itinerario" in page and "sin fecha límite" in page
    assert "Deadlines" not in page
    assert "sáb, 28 mar 2026, 23:59" in page                 # the date in Spanish (CLDR)
    assert "en curso" in page                                 # the cohort's status


def test_the_people_page_reads_right_to_left_in_arabic(client, auth, admin, cohort, learner_enrollment):
    admin.language = "ar"
    db.session.commit()
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/people").get_data(as_text=True)
    assert 'dir="rtl"' in page and '<html lang="ar"' in page
    assert "تسجيل الأشخاص" in page and "حفظ تغييرات المرشدين" in page
    assert 'data-word-remove="إزالة {name}"' in page          # the people picker's words, for its script
    assert "Enrol people" not in page


def test_the_status_page_speaks_the_admins_language(client, auth, admin, cohort):
    admin.language = "es"
    db.session.commit()
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}/status").get_data(as_text=True)
    assert cohort.status is CohortStatus.RUNNING
    assert "Siguiente: finalizada" in page and "Finalizar" in page and "Antes de hacerlo" in page
    assert "En curso. Los participantes trabajan y entregan" in page


def test_the_calendar_feed_is_written_in_its_owners_language(client, auth, user, track):
    cohort = make_cohort(track, name="Primavera", starts_on=START, timezone="Europe/London")
    enrol(cohort, user)
    user.language = "es"
    db.session.commit()
    auth.login_as(user)
    client.post("/calendar/token")
    token = db.session.get(CalendarToken, user.id).token
    with client.application.test_client() as anonymous:
        body = anonymous.get(f"/calendar/{token}.ics", headers={"Accept-Language": "en"}).get_data(as_text=True)
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Vence: Landing page (Primavera)" in unfolded
    assert "Vence el sáb\\, 28 mar 2026\\, 23:59 (Europe/London)." in unfolded   # ICS escapes commas
    assert "DTSTART:20260328T235900Z" in unfolded


def test_a_mentor_enrolled_twice_is_told_so_in_spanish(app, cohort, mentor):
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    from lms.cohorts import enrolment
    with app.test_request_context(), speaking_to(language="es"):
        with pytest.raises(enrolment.EnrolmentError) as refused:
            enrolment.enrol(cohort, mentor, EnrollmentRole.MENTOR)
    assert str(refused.value) == "Marco Mentor ya está inscrito como mentor."
