"""/api/v1/sessions and /api/v1/workshops: bookings of either side, workshops one may see."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from lms.cohorts.models import Cohort, Enrollment
from lms.extensions import db
from lms.meetings.models import BookingNote
from tests.api.mentoring_helpers import assert_constant_queries, callers, more_learners_of_a
from tests.factories.meetings import make_booking, make_workshop


@pytest.fixture
def c(app, api_as):
    return callers(api_as)


def test_both_people_read_a_session_in_utc_with_their_zones(c):
    w = c.world
    for side in (c.learner_a, c.mentor_a, c.admin):
        body = side.get(f"/api/v1/sessions/{w.booking_a}").get_json()
        assert body["starts_at"].endswith("09:00:00+00:00") and body["status"] == "confirmed"
        assert body["learner"]["id"] == w.learner_a and body["mentor"]["timezone"]
        assert body["video_url"].startswith("https://")
    for stranger in (c.learner_b, c.mentor_b):
        assert stranger.get(f"/api/v1/sessions/{w.booking_a}").status_code == 404


def test_private_notes_on_a_session_never_leak(c):
    w = c.world
    db.session.add_all([BookingNote(booking_id=w.booking_a, author_id=author, shared=False, body=f"{who}-SECRET")
                        for author, who in ((w.mentor_a, "MENTOR"), (w.learner_a, "LEARNER"))])
    db.session.commit()
    for side in (c.learner_a, c.mentor_a, c.admin):
        for url in (f"/api/v1/sessions/{w.booking_a}", "/api/v1/sessions/"):
            text = side.get(url).get_data(as_text=True)
            assert "SECRET" not in text


def test_sessions_filter_by_status_and_time(c):
    w = c.world
    def ids(client, query=""):
        response = client.get(f"/api/v1/sessions/{query}")
        assert response.status_code == 200, response.get_json()
        return {item["id"] for item in response.get_json()["data"]}
    assert w.booking_a in ids(c.learner_a) and w.booking_a in ids(c.mentor_a) and w.booking_a not in ids(c.mentor_b)
    assert w.booking_a in ids(c.mentor_a, "?status=confirmed") and not ids(c.mentor_a, "?status=cancelled")
    far = (datetime.now(timezone.utc) + timedelta(days=30)).isoformat().replace("+", "%2B")
    assert w.booking_a not in ids(c.mentor_a, f"?from={far}") and w.booking_a in ids(c.mentor_a, f"?to={far}")
    backwards = c.mentor_a.get(f"/api/v1/sessions/?from={far}&to=2020-01-01T00:00:00%2B00:00")
    assert backwards.status_code == 422 and "to" in backwards.get_json()["errors"]
    assert c.mentor_a.get("/api/v1/sessions/?from=tomorrow").status_code == 422


def test_workshops_are_listed_for_the_people_of_their_cohort(c):
    w = c.world
    def ids(client):
        return {item["id"] for item in client.get("/api/v1/workshops/").get_json()["data"]}
    assert w.workshop_a in ids(c.learner_a) and w.workshop_a in ids(c.mentor_a) and w.workshop_a in ids(c.admin)
    assert w.workshop_a not in ids(c.learner_b) | ids(c.mentor_b)
    body = c.learner_a.get(f"/api/v1/workshops/{w.workshop_a}").get_json()
    assert body["seats_left"] == 5 and body["timezone"] and "video_url" not in body
    assert c.learner_b.get(f"/api/v1/workshops/{w.workshop_a}").status_code == 404


def test_the_lists_cost_the_same_queries_for_more_sessions_and_workshops(c):
    w = c.world
    start = datetime.now(timezone.utc).replace(hour=6, minute=0, second=0, microsecond=0) + timedelta(days=40)
    slots = iter(range(1000))

    def more_sessions(count):
        for enrollment in more_learners_of_a(w, count):
            make_booking(db.session.get(Enrollment, enrollment.id), c.user("mentor_a"),
                         start + timedelta(hours=next(slots)), commit=False)
        db.session.commit()

    def more_workshops(count):
        for _ in range(count):
            make_workshop(c.user("mentor_a"), start + timedelta(hours=next(slots)),
                          cohort=db.session.get(Cohort, w.cohort_a), commit=False)
        db.session.commit()
    assert_constant_queries(lambda: c.mentor_a.get("/api/v1/sessions/?limit=200"), more_sessions)
    assert_constant_queries(lambda: c.learner_a.get("/api/v1/workshops/?limit=200"), more_workshops)
