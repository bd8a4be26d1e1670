"""No double booking under concurrency, on SQLite and PostgreSQL: each attempt runs in its own
thread, session and transaction, and they write at the same moment (tests/race.py)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from lms.auth.models import User
from lms.cohorts.models import Enrollment
from lms.extensions import db
from lms.meetings import bookings
from lms.meetings.bookings import SLOT_TAKEN, BookingError
from lms.meetings.models import Booking
from tests.meetings.booking_world import NEXT_MONDAY_9, setup
from tests.race import race

KEY = "0123456789abcdef0123456789abcdef"


def _attempt(mentor_id: int, **fields):
    def attempt(pair, ready) -> None:
        enrollment_id, user_id, starts_at = pair
        enrollment = db.session.get(Enrollment, enrollment_id)
        learner = db.session.get(User, user_id)
        ready()
        bookings.book(enrollment, mentor_id, starts_at, 30, actor=learner, **fields)
    return attempt


def _holding() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Booking.id)).where(Booking.status.in_(("requested", "confirmed"))))


def test_two_learners_booking_the_same_slot_at_once_get_one_booking_and_one_clear_message(app, monkeypatch):
    world, _ = setup(monkeypatch)
    # Read here, not in the threads: the world's objects belong to this thread's session.
    pairs = [(world.enrollment.id, world.learner.id, NEXT_MONDAY_9),
             (world.other_enrollment.id, world.other_learner.id, NEXT_MONDAY_9)]
    messages = []

    def attempt(pair, ready):
        try:
            _attempt(world.mentor.id)(pair, ready)
        except BookingError as error:
            messages.append(str(error))
            raise

    outcomes = race(app, pairs, attempt, BookingError, won="booked", lost="refused")
    assert sorted(outcomes) == ["booked", "refused"]
    assert messages[0] in (SLOT_TAKEN, "That time is no longer free. Please pick another.")
    assert _holding() == 1


def test_the_same_form_sent_twice_at_once_books_once(app, monkeypatch):
    world, _ = setup(monkeypatch)
    pairs = [(world.enrollment.id, world.learner.id, NEXT_MONDAY_9)] * 2
    outcomes = race(app, pairs, _attempt(world.mentor.id, client_key=KEY), BookingError)
    assert "won" in outcomes
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Booking.id))) == 1
    assert db.session.scalar(select(Booking.client_key)) == KEY


def test_the_last_session_of_a_mentors_day_has_one_winner(app, monkeypatch):
    """Two different times, no overlap: only the daily cap (a count) stands between them."""
    world, _ = setup(monkeypatch, max_per_day=1)
    pairs = [(world.enrollment.id, world.learner.id, NEXT_MONDAY_9),
             (world.other_enrollment.id, world.other_learner.id, NEXT_MONDAY_9 + timedelta(hours=4))]
    outcomes = race(app, pairs, _attempt(world.mentor.id), BookingError, won="booked", lost="refused")
    assert sorted(outcomes) == ["booked", "refused"]
    assert _holding() == 1


def test_the_last_session_of_a_mentors_week_has_one_winner(app, monkeypatch):
    world, _ = setup(monkeypatch, max_per_week=1)
    pairs = [(world.enrollment.id, world.learner.id, NEXT_MONDAY_9),
             (world.other_enrollment.id, world.other_learner.id, NEXT_MONDAY_9 + timedelta(days=2))]
    outcomes = race(app, pairs, _attempt(world.mentor.id), BookingError, won="booked", lost="refused")
    assert sorted(outcomes) == ["booked", "refused"]
    assert _holding() == 1


def test_an_overlap_the_check_missed_is_refused_by_the_database_and_the_transaction_survives(app, monkeypatch):
    """The moment between the check and the insert: the database's rule has the last word."""
    world, _ = setup(monkeypatch)
    bookings.book(world.other_enrollment, world.mentor.id, NEXT_MONDAY_9, 30, actor=world.other_learner)
    db.session.commit()
    monkeypatch.setattr(bookings, "check_slot", lambda *args, **kwargs: None)
    learner_name = world.learner.name
    try:
        bookings.book(world.enrollment, world.mentor.id, NEXT_MONDAY_9 + timedelta(minutes=15), 30,
                      actor=world.learner)
    except BookingError as error:
        assert str(error) == SLOT_TAKEN
    else:
        raise AssertionError("the overlapping booking was accepted")
    # The outer transaction is still usable: the savepoint took only the failed insert back.
    assert db.session.get(User, world.learner.id).name == learner_name
    db.session.commit()
    assert _holding() == 1


def test_a_postgresql_deadlock_between_two_inserts_counts_as_a_lost_slot_other_errors_do_not():
    """Two inserts checking each other's rows against the exclusion constraint can deadlock;
    PostgreSQL fails one of them (40P01), which lost the slot. Other operational errors stay errors."""
    from sqlalchemy.exc import OperationalError

    class Deadlock(Exception):
        sqlstate = "40P01"

    class Gone(Exception):
        sqlstate = "57P01"

    assert bookings.refused_overlap(OperationalError("INSERT", {}, Deadlock()))
    assert not bookings.refused_overlap(OperationalError("INSERT", {}, Gone()))
