"""Moving through a track: "Mark complete and continue" and the next/previous shortcuts' hint."""
from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.progress.models import LessonProgress
from tests.factories.auth import make_user
from tests.factories.tracks import enroll, make_track


def _done(user) -> set[int]:
    return set(db.session.scalars(select(LessonProgress.lesson_id)))


def test_mark_complete_and_continue_records_and_opens_the_next_lesson_in_one_click(client, auth, learner, track):
    auth.login_as(learner)
    page = client.get("/tracks/good/lessons/intro").get_data(as_text=True)
    assert "Mark complete and continue" in page and "Mark as complete" in page
    response = client.post("/tracks/good/lessons/intro/complete", data={"then": "next"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/tracks/good/lessons/basics")
    landed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "“Introduction” is marked as complete. Next: The basics." in landed
    assert "Done" in client.get("/tracks/good/lessons/intro").get_data(as_text=True)


def test_continue_goes_to_the_next_item_of_any_kind(client, auth, learner, track):
    auth.login_as(learner)
    response = client.post("/tracks/good/lessons/inside/complete", data={"then": "next"})
    assert response.headers["Location"].endswith("/tracks/good/lessons/homework")  # an assignment


def test_plain_mark_complete_stays_on_the_lesson(client, auth, learner, track):
    auth.login_as(learner)
    response = client.post("/tracks/good/lessons/intro/complete")
    assert response.headers["Location"].endswith("/tracks/good/lessons/intro")


def test_continue_after_the_last_item_goes_to_the_track_overview_with_a_message(client, auth, app):
    track = make_track(lessons=2)
    learner = make_user(email="last@example.org")
    enroll(learner, track)
    auth.login_as(learner)
    last = client.get(f"/tracks/{track.slug}/lessons/lesson-2").get_data(as_text=True)
    assert "Mark complete and finish" in last
    response = client.post(f"/tracks/{track.slug}/lessons/lesson-2/complete", data={"then": "next"})
    assert response.headers["Location"].endswith(f"/tracks/{track.slug}")
    overview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"That was the last item of {track.title}" in overview
    assert len(_done(learner)) == 1


def test_continue_is_refused_for_a_reader_who_may_not_record(client, auth, mentor, track):
    auth.login_as(mentor)
    assert "Mark complete and continue" not in client.get("/tracks/good/lessons/intro").get_data(as_text=True)
    assert client.post("/tracks/good/lessons/intro/complete", data={"then": "next"}).status_code == 403
    assert _done(mentor) == set()


def test_an_unknown_then_value_behaves_like_plain_mark_complete(client, auth, learner, track):
    auth.login_as(learner)
    response = client.post("/tracks/good/lessons/intro/complete", data={"then": "http://evil.example/"})
    assert response.headers["Location"].endswith("/tracks/good/lessons/intro")


def test_lesson_pages_name_the_keyboard_shortcuts_for_screen_reader_users(client, auth, learner, track):
    auth.login_as(learner)
    page = client.get("/tracks/good/lessons/basics").get_data(as_text=True)
    assert 'aria-describedby="pager-keys"' in page and 'id="pager-keys"' in page
    assert "<kbd>n</kbd> for the next item" in page and "js/lesson-keys.js" in page
