"""Invitations (by an admin, automatic on opt-in), answers, stepping down and ending seats."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.auth.models import User
from lms.cohorts import services as cohorts
from lms.cohorts.models import CohortStatus
from lms.cohorts.peer_mentor_seat import PeerMentorSeat, SeatStatus
from lms.extensions import db
from lms.notifications.models import Notification
from lms.outbox import OutboxEmail
from lms.peermentors import services
from lms.peermentors.services import InvalidSeatTransition, PeerMentorError, SeatChanged
from lms.profiles.services import ensure_profile
from tests.factories.peermentors import make_seat
from tests.factories.submissions import make_cohort
from tests.race import race


def _seats(cohort) -> int:
    return db.session.scalar(select(func.count(PeerMentorSeat.id)).where(PeerMentorSeat.cohort_id == cohort.id))


def _titles(user) -> list[str]:
    return list(db.session.scalars(select(Notification.title).where(Notification.user_id == user.id)))


def _offer(user) -> None:
    ensure_profile(user.id).offers_peer_mentoring = True
    db.session.commit()


def test_an_admin_invites_a_graduate_who_is_told_in_the_app_and_by_email(world):
    seat = services.invite(world.cohort, world.graduate.id, world.admin)
    db.session.commit()
    assert seat.status == SeatStatus.INVITED and seat.invited_by_id == world.admin.id
    assert _titles(world.graduate) == [f"You are invited to be a peer mentor in {world.cohort.name}"]
    assert db.session.scalar(select(func.count(OutboxEmail.id)).where(OutboxEmail.to == world.graduate.email)) == 1


def test_inviting_twice_or_someone_not_eligible_is_refused(world):
    services.invite(world.cohort, world.graduate.id, world.admin)
    db.session.commit()
    with pytest.raises(PeerMentorError):
        services.invite(world.cohort, world.graduate.id, world.admin)
    with pytest.raises(PeerMentorError):
        services.invite(world.cohort, world.learner.id, world.admin)
    assert _seats(world.cohort) == 1


def test_opted_in_graduates_are_invited_when_a_later_cohort_opens_once_only(world):
    _offer(world.graduate)
    later = make_cohort(world.track, name="Next spring", status=CohortStatus.DRAFT,
                        starts_on=world.cohort.starts_on + timedelta(days=90))
    cohorts.change_status(later, CohortStatus.OPEN)
    db.session.commit()
    assert _seats(later) == 1
    services.on_cohort_status_changed(later, to_status=CohortStatus.OPEN)  # the signal again
    cohorts.change_status(later, CohortStatus.RUNNING)
    db.session.commit()
    seat = db.session.scalar(select(PeerMentorSeat).where(PeerMentorSeat.cohort_id == later.id))
    assert _seats(later) == 1 and seat.invited_by_id is None
    assert _titles(world.graduate) == [f"You are invited to be a peer mentor in {later.name}"]


def test_graduates_who_did_not_opt_in_are_not_invited_automatically(world):
    later = make_cohort(world.track, name="Next spring", status=CohortStatus.DRAFT,
                        starts_on=world.cohort.starts_on + timedelta(days=90))
    cohorts.change_status(later, CohortStatus.OPEN)
    db.session.commit()
    assert _seats(later) == 0


def test_ticking_the_box_invites_to_cohorts_already_open(world, client, auth):
    auth.login_as(world.graduate)
    response = client.post("/profile", data={"name": "Gus Graduate", "timezone": "UTC", "offers_peer_mentoring": "y",
                                             "version": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert _seats(world.cohort) == 1
    client.post("/profile", data={"name": "Gus Graduate", "timezone": "UTC", "offers_peer_mentoring": "y"})
    assert _seats(world.cohort) == 1


def test_accepting_makes_the_seat_active_and_tells_the_admins(world):
    seat = make_seat(world.cohort, world.graduate)
    services.accept(seat, world.graduate)
    db.session.commit()
    assert seat.status == SeatStatus.ACTIVE and seat.answered_at is not None
    assert _titles(world.admin) == [f"Gus Graduate accepted the invitation to be a peer mentor in {world.cohort.name}"]


def test_declined_and_ended_seats_do_not_change_again(world):
    seat = make_seat(world.cohort, world.graduate)
    services.decline(seat, world.graduate)
    db.session.commit()
    with pytest.raises(InvalidSeatTransition):
        services.accept(seat, world.graduate)
    db.session.rollback()
    active = make_seat(make_cohort(world.track, name="Later"), world.graduate,
                       status=SeatStatus.ACTIVE)
    services.end(active, world.graduate)
    db.session.commit()
    with pytest.raises(InvalidSeatTransition):
        services.end(active, world.admin, "again")


def test_an_admin_ends_a_seat_only_with_a_reason_the_graduate_sees(world):
    seat = make_seat(world.cohort, world.graduate, status=SeatStatus.ACTIVE)
    with pytest.raises(PeerMentorError):
        services.end(seat, world.admin, "  ")
    with pytest.raises(PeerMentorError):
        services.end(seat, world.admin, "x" * 1001)
    services.end(seat, world.admin, "The cohort has enough help.")
    db.session.commit()
    assert seat.status == SeatStatus.ENDED and seat.ended_by_id == world.admin.id
    assert f"Your peer-mentor seat in {world.cohort.name} has ended" in _titles(world.graduate)


def test_two_accepts_at_once_make_one_change(app, world):
    seat_id = make_seat(world.cohort, world.graduate).id
    graduate_id = world.graduate.id

    def attempt(_, ready) -> None:
        seat = db.session.get(PeerMentorSeat, seat_id)
        user = db.session.get(User, graduate_id)
        assert seat.version == 1
        ready()
        services.accept(seat, user)

    outcomes = race(app, [1, 2], attempt, (SeatChanged, InvalidSeatTransition), won="accepted", lost="refused")
    assert sorted(outcomes) == ["accepted", "refused"]
    db.session.expire_all()
    seat = db.session.get(PeerMentorSeat, seat_id)
    assert seat.status == SeatStatus.ACTIVE and seat.version == 2


def test_an_accept_racing_an_end_leaves_one_outcome(app, world):
    seat_id = make_seat(world.cohort, world.graduate).id
    graduate_id, admin_id = world.graduate.id, world.admin.id

    def attempt(who, ready) -> None:
        seat = db.session.get(PeerMentorSeat, seat_id)
        graduate, admin = db.session.get(User, graduate_id), db.session.get(User, admin_id)
        ready()
        if who == "accept":
            services.accept(seat, graduate)
        else:
            services.end(seat, admin, "Not needed after all.")

    outcomes = race(app, ["accept", "end"], attempt, (SeatChanged, InvalidSeatTransition))
    assert sorted(outcomes) == ["refused", "won"]
    db.session.expire_all()
    assert db.session.get(PeerMentorSeat, seat_id).version == 2
