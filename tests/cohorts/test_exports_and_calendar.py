"""Gradebook and roster CSV over HTTP, assignment statuses in the grid, the calendar feed."""
from __future__ import annotations

import csv
import io
from datetime import date

from lms.cohorts.models import CalendarToken, CohortStatus, EnrollmentRole
from lms.extensions import db
from lms.submissions.models import Submission, SubmissionStatus
from lms.tracks.models import LessonKind
from tests.factories.auth import make_user
from tests.factories.cohorts import complete, enrol, lessons_of, make_cohort, make_track
from tests.factories.submissions import assignment_spec, hand_in


def _read(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text)))


def _gradable_track():
    return make_track(items=((LessonKind.LESSON, "welcome", {}),
                             (LessonKind.ASSIGNMENT, "landing-page", assignment_spec(due_days=7)),
                             (LessonKind.ASSIGNMENT, "launch", assignment_spec(due_days=21))))


def test_roster_csv_opens_cleanly_and_neutralises_formulas(client, auth, admin, cohort, mentor):
    enrol(cohort, mentor, EnrollmentRole.MENTOR)
    sneaky = make_user(name="=HYPERLINK(\"http://evil\")", email="sneaky@example.org")
    enrol(cohort, sneaky, mentor=mentor)
    complete(sneaky, lessons_of(cohort.track)[0])
    auth.login_as(admin)
    response = client.get(f"/cohorts/{cohort.id}/roster.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == \
        "attachment; filename=\"spring-cohort-roster.csv\"; filename*=UTF-8''spring-cohort-roster.csv"
    rows = _read(response)
    assert rows[0] == ["name", "email", "role", "status", "mentor", "enrolled at", "progress %", "credited items"]
    learner = next(r for r in rows if r[1] == "sneaky@example.org")
    assert learner[0] == "'=HYPERLINK(\"http://evil\")"
    assert learner[2:5] == ["learner", "active", "Marco Mentor"]
    assert learner[5].endswith("+00:00") and "T" in learner[5]
    assert learner[6:8] == ["16", "0"]   # 1 of 6 items, none credited
    mentor_row = next(r for r in rows if r[1] == mentor.email)
    assert mentor_row[2] == "mentor" and mentor_row[6:8] == ["", ""]


def test_gradebook_lists_each_learner_and_assignment_with_status(client, auth, admin, user):
    track = _gradable_track()
    cohort = make_cohort(track, name="Gradebook cohort", starts_on=date(2025, 3, 20), status=CohortStatus.RUNNING)
    enrollment = enrol(cohort, user)
    landing = lessons_of(track)[1]
    hand_in(enrollment, landing)
    auth.login_as(admin)
    rows = _read(client.get(f"/cohorts/{cohort.id}/gradebook.csv"))
    assert rows[0][:6] == ["learner", "email", "enrolment status", "assignment", "due at", "status"]
    assert len(rows) == 3
    first, second = rows[1], rows[2]
    assert first[3] == "Landing page" and first[4] == "2025-03-27T23:59:00+00:00"
    assert first[5] == "submitted" and first[7] == "1" and first[10] == "yes"       # late: due in 2025
    assert second[3] == "Launch" and second[5] == "not submitted" and second[7] == "0"


def test_grid_shows_assignment_status_badges(client, auth, admin, user):
    track = _gradable_track()
    cohort = make_cohort(track)
    enrollment = enrol(cohort, user)
    hand_in(enrollment, lessons_of(track)[1])
    db.session.execute(db.update(Submission).values(status=SubmissionStatus.CHANGES_REQUESTED))
    db.session.commit()
    auth.login_as(admin)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert '<span class="badge badge--warning">changes requested</span>' in page


def test_calendar_feed_lists_deadlines_of_active_cohorts(client, auth, user, track):
    cohort = make_cohort(track, name="Spring, 2025; B", starts_on=date(2025, 3, 25), timezone="Europe/Berlin")
    finished = make_cohort(track, name="Old", status=CohortStatus.FINISHED)
    enrol(cohort, user)
    enrol(finished, user)
    auth.login_as(user)
    home = client.get("/dashboard").get_data(as_text=True)
    assert "Get a calendar link" in home
    client.post("/calendar/token")
    token = db.session.get(CalendarToken, user.id).token
    with client.application.test_client() as anonymous:  # no session: the token is the key
        response = anonymous.get(f"/calendar/{token}.ics")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.get_data(as_text=True)
    lines = body.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    landing = lessons_of(track)[3]
    assert f"UID:cohort-{cohort.id}-lesson-{landing.id}@localhost" in lines
    assert "DTSTART:20250401T215900Z" in lines                   # 23:59 CEST on day 7
    assert "SUMMARY:Due: Landing page (Spring\\, 2025\\; B)" in lines
    assert body.count("BEGIN:VEVENT") == 2                       # two assignments, finished cohort left out
    assert any(line.startswith("URL:http://localhost/tracks/") for line in lines)


def test_regenerating_the_calendar_token_revokes_the_old_url(client, auth, user, cohort):
    enrol(cohort, user)
    auth.login_as(user)
    client.post("/calendar/token")
    old = db.session.get(CalendarToken, user.id).token
    client.post("/calendar/token")
    db.session.expire_all()
    new = db.session.get(CalendarToken, user.id).token
    assert new != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200
    assert new in client.get("/dashboard").get_data(as_text=True)


def test_a_deactivated_users_feed_stops(client, user, cohort):
    enrol(cohort, user)
    db.session.add(CalendarToken(user_id=user.id, token="secret-token"))
    user.is_active = False
    db.session.commit()
    assert client.get("/calendar/secret-token.ics").status_code == 404


def test_export_moments_are_in_the_readers_zone_with_their_offset(client, auth, cohort):
    reader = make_user(is_admin=True, timezone="Asia/Kolkata")
    enrol(cohort, make_user(name="Lea"))
    auth.login_as(reader)
    rows = _read(client.get(f"/cohorts/{cohort.id}/roster.csv"))
    enrolled_at = rows[0].index("enrolled at") if "enrolled at" in rows[0] else 5
    assert rows[1][enrolled_at].endswith("+05:30")
