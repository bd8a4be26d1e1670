"""Booking a session through the pages: the free slots shown, what is refused and why."""
from __future__ import annotations

import pytest
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


def _post(client, world, data):
    return client.post(f"/meetings/book/{world.enrollment.id}", data=data)


@pytest.mark.parametrize("change, message", [
    (dict(starts="2027-01-11T09:10:00+00:00"), "That time is no longer free"),       # not a slot start
    (dict(starts="2027-01-04T09:00:00+00:00"), "hours&#39; notice"),                  # in the past
    (dict(starts="2027-01-09T09:00:00+00:00"), "That time is no longer free"),       # a Saturday
    (dict(starts="2027-06-07T09:00:00+00:00"), "at most 28 days ahead"),
    (dict(minutes="45"), "does not offer 45-minute sessions"),
    (dict(starts="not a time"), "Pick one of the times shown"),
    (dict(starts="2027-01-11T09:00\x00"), "NUL character"),   # refused for every form of the app
    (dict(starts="9" * 5000), "Pick one of the times shown"),
    (dict(starts=""), "Pick one of the times shown"),
    (dict(starts="0001-01-01T00:00:00+01:00"), "Pick one of the times shown"),
    (dict(starts="9999-12-31T23:59:59-23:59"), "Pick one of the times shown"),
    (dict(agenda="x" * 6000), "Field cannot be longer than 5000 characters"),
    (dict(about="ask:abc"), "Choose one of the options"),
    (dict(mentor_id="99999999"), "only with your own mentors"),
    (dict(mentor_id="x"), "Choose a mentor"),
    (dict(client_key="not-a-key"), "Reload the page"),
])
def test_bad_bookings_re_render_the_form_with_a_message_and_book_nothing(app, client, auth, monkeypatch,
                                                                          change, message):
    world, _ = setup(monkeypatch)
    auth.login_as(world.learner)
    response = _post(client, world, {**book_form(world, NEXT_MONDAY_9), **change})
    assert response.status_code == 400
    assert message in response.text
    assert _count() == 0


def test_a_slot_of_a_mentor_who_is_not_theirs_is_refused(app, client, auth, monkeypatch):
    world, _ = setup(monkeypatch)
    auth.login_as(world.learner)
    response = _post(client, world, book_form(world, NEXT_MONDAY_9, mentor=world.stranger_mentor))
    assert response.status_code == 400 and "only with your own mentors" in response.text
    page = client.get(f"/meetings/book/{world.enrollment.id}?mentor_id={world.stranger_mentor.id}")
    assert page.status_code == 200 and "only with your own mentors" in page.text
    assert _count() == 0


def test_links_to_someone_elses_ask_goal_or_hand_in_are_refused(app, client, auth, monkeypatch):
    from lms.asks.services import AskData, open_ask
    from lms.plans.models import Goal

    world, _ = setup(monkeypatch)
    others_ask = open_ask(world.other_enrollment, AskData(title="Theirs", body="Theirs."), world.other_learner)
    others_goal = Goal(user_id=world.other_learner.id, title="Their goal")
    db.session.add(others_goal)
    db.session.commit()
    auth.login_as(world.learner)
    for about, message in ((f"ask:{others_ask.id}", "your own asks"), (f"goal:{others_goal.id}", "your own goals"),
                           ("submission:424242", "your own hand-ins")):
        response = _post(client, world, book_form(world, NEXT_MONDAY_9, about=about))
        assert response.status_code == 400 and message in response.text, about
    assert _count() == 0


def test_a_session_about_their_own_ask_goal_and_the_asks_mentor(app, client, auth, monkeypatch):
    from lms.asks.services import AskData, open_ask

    world, _ = setup(monkeypatch)
    ask = open_ask(world.enrollment, AskData(title="Pricing?", body="Is it right?"), world.learner)
    db.session.commit()
    auth.login_as(world.learner)
    page = client.get(f"/meetings/book/{world.enrollment.id}?mentor_id={world.mentor.id}&ask_id={ask.id}")
    assert f"selected value=\"ask:{ask.id}\"" in page.text or f"value=\"ask:{ask.id}\" selected" in page.text
    response = _post(client, world, book_form(world, NEXT_MONDAY_9, about=f"ask:{ask.id}"))
    assert response.status_code == 302
    assert db.session.scalars(select(Booking)).one().ask_id == ask.id


def test_the_same_form_sent_twice_books_once(app, client, auth, monkeypatch):
    world, _ = setup(monkeypatch)
    auth.login_as(world.learner)
    form = book_form(world, NEXT_MONDAY_9)
    first, second = _post(client, world, form), _post(client, world, form)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert _count() == 1


def test_a_taken_slot_gives_one_clear_message_to_the_second_learner(app, client, auth, monkeypatch):
    world, _ = setup(monkeypatch)
    auth.login_as(world.other_learner)
    client.post(f"/meetings/book/{world.other_enrollment.id}", data=book_form(world, NEXT_MONDAY_9))
    auth.login_as(world.learner)
    response = _post(client, world, book_form(world, NEXT_MONDAY_9))
    assert response.status_code == 400 and "no longer free" in response.text
    assert _count() == 1


def test_a_mentor_who_confirms_gets_a_request_and_confirms_it(app, client, auth, monkeypatch):
    world, _ = setup(monkeypatch, requires_confirmation=True)
    auth.login_as(world.learner)
    _post(client, world, book_form(world, NEXT_MONDAY_9))
    booking = db.session.scalars(select(Booking)).one()
    assert booking.status == BookingStatus.REQUESTED
    auth.login_as(world.mentor)
    listing = client.get("/meetings/")
    assert "Waiting for your confirmation" in listing.text and "Lea Learner" in listing.text
    assert client.post(f"/meetings/{booking.id}/confirm").status_code == 302
    db.session.expire_all()
    assert booking.status == BookingStatus.CONFIRMED and booking.sequence == 1 and booking.confirmed_at is not None


def test_declining_needs_a_reason_shown_to_the_learner(app, client, auth, monkeypatch):
    world, _ = setup(monkeypatch, requires_confirmation=True)
    auth.login_as(world.learner)
    _post(client, world, book_form(world, NEXT_MONDAY_9))
    booking = db.session.scalars(select(Booking)).one()
    auth.login_as(world.mentor)
    empty = client.post(f"/meetings/{booking.id}/decline", data={"decline-reason": "  "})
    assert empty.status_code == 400 and "Give a reason" in empty.text
    assert client.post(f"/meetings/{booking.id}/decline", data={"decline-reason": "Away that week"}).status_code == 302
    auth.login_as(world.learner)
    page = client.get(f"/meetings/{booking.id}")
    assert "Declined" in page.text and "Away that week" in page.text
    assert "meet.jit.si" not in page.text  # a declined session has no call


def test_the_learner_cannot_confirm_their_own_request(app, client, auth, monkeypatch):
    world, _ = setup(monkeypatch, requires_confirmation=True)
    auth.login_as(world.learner)
    _post(client, world, book_form(world, NEXT_MONDAY_9))
    booking_id = db.session.scalar(select(Booking.id))
    assert client.post(f"/meetings/{booking_id}/confirm").status_code == 403
    auth.login_as(world.other_learner)
    assert client.get(f"/meetings/{booking_id}").status_code == 404


def test_book_a_session_links_on_the_mentors_page_the_track_page_and_an_ask_held_by_a_mentor(app, client, auth,
                                                                                              monkeypatch):
    from lms.asks import claims
    from lms.asks.services import AskData, open_ask

    world, _ = setup(monkeypatch)
    ask = open_ask(world.enrollment, AskData(title="Pricing?", body="Is it right?"), world.learner)
    db.session.commit()
    auth.login_as(world.learner)
    assert "Book a session" not in client.get(f"/asks/{ask.id}").text  # nobody holds it yet
    claims.claim(ask, world.stranger_mentor)
    db.session.commit()
    thread = client.get(f"/asks/{ask.id}").text
    assert (f"/meetings/book/{world.enrollment.id}?mentor_id={world.stranger_mentor.id}&amp;ask_id={ask.id}"
            in thread)
    book_page = client.get(f"/meetings/book/{world.enrollment.id}?mentor_id={world.stranger_mentor.id}"
                           f"&ask_id={ask.id}")
    assert "Book 30 minutes with Sam Stranger" in book_page.text
    mentors = client.get(f"/cohorts/{world.cohort.id}/mentor").text
    assert f"/meetings/book/{world.enrollment.id}?mentor_id={world.mentor.id}" in mentors
    assert "Book a session with <bdi>Mia Mentor</bdi>" in mentors
    track = client.get(f"/tracks/{world.cohort.track.slug}").text
    assert f"/meetings/book/{world.enrollment.id}" in track
