"""Seats and the waitlist: one seat per person, the waitlist in order, no registration once started."""
from __future__ import annotations

from datetime import time, timedelta

import pytest

from lms.extensions import db
from lms.meetings import workshop_seats as seats, workshops
from lms.meetings.models import RegistrationStatus as R, WorkshopRegistration
from lms.meetings.workshop_errors import WorkshopError
from lms.signals import workshop_changed, workshop_seat_changed
from tests.meetings import workshop_world

clock = workshop_world.clock  # the fixture, shared by the workshop tests
world = workshop_world.world  # the fixture, shared by the workshop tests


def _count(workshop_id: int) -> int:
    return db.session.scalar(db.select(db.func.count(WorkshopRegistration.id)).where(
        WorkshopRegistration.workshop_id == workshop_id))


def test_seats_then_the_waitlist_in_order(world):
    w = world.workshop
    rows = [seats.register(w, learner) for learner in world.learners]
    db.session.commit()
    assert [r.status for r in rows] == [R.REGISTERED, R.REGISTERED, R.WAITLISTED, R.WAITLISTED]
    assert w.seats_taken == 2
    assert [seats.waitlist_position(r) for r in rows] == [None, None, 1, 2]


def test_cancelling_a_seat_moves_up_the_oldest_waitlisted_person(world, clock):
    w = world.workshop
    for learner in world.learners:
        seats.register(w, learner)
        clock.advance(seconds=1)
    db.session.commit()
    seats.unregister(w, world.learners[0])
    db.session.commit()
    status = {r.user_id: r.status for r in db.session.scalars(db.select(WorkshopRegistration))}
    assert status[world.learners[2].id] == R.REGISTERED and status[world.learners[3].id] == R.WAITLISTED
    assert status[world.learners[0].id] == R.CANCELLED and w.seats_taken == 2
    seats.unregister(w, world.learners[1])
    db.session.commit()
    assert seats.registration_of(w.id, world.learners[3].id).status == R.REGISTERED


def test_leaving_the_waitlist_frees_no_seat_and_moves_the_others_up_the_line(world, clock):
    w = world.workshop
    for learner in world.learners:
        seats.register(w, learner)
        clock.advance(seconds=1)
    seats.unregister(w, world.learners[2])
    db.session.commit()
    assert w.seats_taken == 2
    assert seats.waitlist_position(seats.registration_of(w.id, world.learners[3].id)) == 1


def test_registering_twice_keeps_one_seat_and_re_registering_reuses_the_row(world):
    w = world.workshop
    learner = world.learners[0]
    first, second = seats.register(w, learner), seats.register(w, learner)
    db.session.commit()
    assert first.id == second.id and w.seats_taken == 1 and _count(w.id) == 1
    seats.unregister(w, learner)
    again = seats.register(w, learner)
    db.session.commit()
    assert again.id == first.id and again.status == R.REGISTERED and w.seats_taken == 1 and _count(w.id) == 1


def test_more_seats_move_the_waitlist_up(world):
    w = world.workshop
    for learner in world.learners:
        seats.register(w, learner)
    db.session.commit()
    data = workshops.WorkshopData(**{**workshops.form_values(w), "kind": w.kind, "seats": 3, "zone": w.timezone})
    workshops.update_workshop(w, data, world.mentor)
    db.session.commit()
    assert w.seats_taken == 3
    assert seats.registration_of(w.id, world.learners[2].id).status == R.REGISTERED


def test_no_registration_once_started_or_cancelled(world, clock):
    w = world.workshop
    clock.advance(days=1)
    with pytest.raises(WorkshopError, match="started"):
        seats.register(w, world.learners[0])
    clock.advance(days=-1)
    workshops.cancel_workshop(w, "The host is ill.", world.mentor)
    with pytest.raises(WorkshopError, match="cancelled"):
        seats.register(w, world.learners[0])


def test_signals_name_each_change(world):
    heard = []

    def listen(sender, **kw):
        heard.append((sender.user_id, kw["change"]))

    workshop_seat_changed.connect(listen)
    try:
        for learner in world.learners[:3]:
            seats.register(world.workshop, learner)
        seats.unregister(world.workshop, world.learners[0])
    finally:
        workshop_seat_changed.disconnect(listen)
    ids = [learner.id for learner in world.learners]
    assert heard == [(ids[0], "registered"), (ids[1], "registered"), (ids[2], "waitlisted"),
                     (ids[0], "cancelled"), (ids[2], "promoted")]


def test_a_workshop_blocks_its_hosts_one_to_one_time(world):
    w = world.workshop
    busy = workshops.hosted_busy_ranges([world.mentor.id, world.other_mentor.id], w.starts_at - timedelta(days=1),
                                        w.starts_at + timedelta(days=1))
    assert busy == {world.mentor.id: [(w.starts_at, w.ends_at)], world.other_mentor.id: []}
    workshops.cancel_workshop(w, "Moved to next month.", world.mentor)
    assert workshops.hosted_busy_ranges([world.mentor.id], w.starts_at, w.ends_at) == {world.mentor.id: []}


def test_a_new_time_moves_the_invitation_and_a_new_title_updates_it(world):
    heard = []

    def listen(sender, **kw):
        heard.append((kw["change"], kw["moved"], sender.sequence))

    w = world.workshop
    values = {**workshops.form_values(w), "kind": w.kind, "zone": w.timezone}
    workshop_changed.connect(listen)
    try:
        workshops.update_workshop(w, workshops.WorkshopData(**{**values, "start": time(9)}), world.mentor)
        workshops.update_workshop(w, workshops.WorkshopData(**{**values, "start": time(9), "title": "New"}),
                                  world.mentor)
        assert not workshops.update_workshop(w, workshops.WorkshopData(**{**values, "start": time(9), "title": "New"}),
                                             world.mentor)
    finally:
        workshop_changed.disconnect(listen)
    assert heard == [("updated", True, 1), ("updated", False, 2)]
