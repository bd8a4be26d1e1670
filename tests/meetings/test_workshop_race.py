"""Seats under concurrency, each thread with its own session (SQLite and PostgreSQL): the last
seat has one winner and the other joins the waitlist; a double-click registers once."""
from __future__ import annotations

from lms.auth.models import User
from lms.extensions import db
from lms.meetings import workshop_seats as seats
from lms.meetings.models import RegistrationStatus as R, Workshop, WorkshopRegistration
from tests.meetings import workshop_world
from tests.race import race

clock = workshop_world.clock  # the fixture, shared by the workshop tests
world = workshop_world.world  # the fixture, shared by the workshop tests


class _Never(Exception):
    """Nothing is refused: the loser of a seat is waitlisted, not turned away."""


def _attempt(workshop_id: int):
    def attempt(user_id: int, ready) -> None:
        workshop = db.session.get(Workshop, workshop_id)
        user = db.session.get(User, user_id)
        assert workshop.seats_taken == workshop.seats - 1 or workshop.seats_taken == 0  # loaded before the barrier
        ready()
        seats.register(workshop, user)
    return attempt


def test_two_learners_taking_the_last_seat_at_once_one_wins_the_other_is_waitlisted(app, world):
    # Read here, not in the threads: the world's objects belong to this thread's session.
    workshop_id, first = world.workshop.id, world.learners[0]
    racers = [world.learners[1].id, world.learners[2].id]
    seats.register(world.workshop, first)
    db.session.commit()

    outcomes = race(app, racers, _attempt(workshop_id), _Never)
    assert outcomes == ["won", "won"]
    db.session.expire_all()
    status = sorted(db.session.scalars(db.select(WorkshopRegistration.status).where(
        WorkshopRegistration.user_id.in_(racers))))
    assert status == sorted([R.REGISTERED, R.WAITLISTED])
    assert db.session.get(Workshop, workshop_id).seats_taken == 2


def test_the_same_learner_registering_twice_at_once_takes_one_seat(app, world):
    workshop_id, learner_id = world.workshop.id, world.learners[0].id
    outcomes = race(app, [learner_id, learner_id], _attempt(workshop_id), _Never)
    assert outcomes == ["won", "won"]
    db.session.expire_all()
    assert db.session.get(Workshop, workshop_id).seats_taken == 1
    rows = db.session.scalars(db.select(WorkshopRegistration).where(WorkshopRegistration.workshop_id == workshop_id))
    assert [(r.user_id, r.status) for r in rows] == [(learner_id, R.REGISTERED)]


def test_a_seat_freed_while_someone_registers_is_never_counted_twice(app, world, clock):
    """Full (2 seats), one person waiting; a seat holder cancels while a newcomer registers:
    the seat count always equals the people registered, and never passes the seats."""
    workshop_id = world.workshop.id
    holder, waiting, newcomer = world.learners[0], world.learners[2], world.learners[3]
    for learner in (holder, world.learners[1], waiting):
        seats.register(world.workshop, learner)
        clock.advance(seconds=1)
    db.session.commit()
    moves = [("unregister", holder.id), ("register", newcomer.id)]

    def attempt(move, ready) -> None:
        action, user_id = move
        workshop, user = db.session.get(Workshop, workshop_id), db.session.get(User, user_id)
        ready()
        getattr(seats, action)(workshop, user)

    assert race(app, moves, attempt, _Never) == ["won", "won"]
    db.session.expire_all()
    status = dict(db.session.execute(db.select(WorkshopRegistration.user_id, WorkshopRegistration.status)).all())
    registered = sum(1 for s in status.values() if s == R.REGISTERED)
    assert db.session.get(Workshop, workshop_id).seats_taken == registered == 2
    assert status[holder.id] == R.CANCELLED and status[waiting.id] == R.REGISTERED  # the waitlist first
    assert status[newcomer.id] == R.WAITLISTED
