"""What an active peer mentor may do in their cohort, and the moment it ends (docs/peer-mentors.md)."""
from __future__ import annotations

import uuid

from sqlalchemy import select

from lms import permissions
from lms.asks import services as asks
from lms.asks.models import Ask
from lms.cohorts.models import Mentorship, MentorshipRole, MentorshipStatus
from lms.cohorts.peer_mentor_seat import SeatStatus
from lms.community.models import Space, SpaceKind
from lms.extensions import db
from lms.peermentors import services
from lms.submissions.models import Submission
from tests.factories.peermentors import make_seat
from tests.factories.submissions import hand_in


def _ask(enrollment, title="How do I price a logo?") -> Ask:
    ask = asks.open_ask(enrollment, asks.AskData(title=title, body="Is **this** fair?", client_key=uuid.uuid4().hex),
                        enrollment.user)
    db.session.commit()
    return ask


def _active(world):
    return make_seat(world.cohort, world.graduate, status=SeatStatus.ACTIVE)


def test_an_active_peer_mentor_answers_asks_of_their_cohort_only(world):
    ask, other = _ask(world.enrollment), _ask(world.other_enrollment)
    assert not permissions.can_answer_ask(world.graduate, ask)
    _active(world)
    assert permissions.can_view_ask(world.graduate, ask) and permissions.can_answer_ask(world.graduate, ask)
    assert not permissions.can_view_ask(world.graduate, other)
    assert not permissions.can_answer_ask(world.graduate, other)


def test_an_invited_peer_mentor_has_no_access_yet(world):
    ask = _ask(world.enrollment)
    make_seat(world.cohort, world.graduate)
    assert not permissions.can_view_ask(world.graduate, ask)
    assert not permissions.can_use_queue(world.graduate)


def test_the_queue_shows_the_cohorts_open_asks_to_a_peer_mentor(world, client, auth):
    _ask(world.enrollment, "Pricing a logo for a bakery")
    _ask(world.other_enrollment, "Another cohort's question")
    _active(world)
    auth.login_as(world.graduate)
    page = client.get("/reviews/?kind=asks")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Pricing a logo for a bakery" in html and "Another cohort" not in html


def test_a_peer_mentor_claims_and_replies_to_an_ask(world, client, auth):
    ask = _ask(world.enrollment)
    _active(world)
    auth.login_as(world.graduate)
    assert client.post(f"/asks/{ask.id}/claim").status_code == 302
    db.session.expire_all()
    assert db.session.get(Ask, ask.id).mentor_id == world.graduate.id


def test_a_peer_mentor_never_reviews_or_approves_work(world, client, auth):
    attempt = hand_in(world.enrollment, world.lesson)
    submission = db.session.get(Submission, attempt.submission_id)
    _active(world)
    assert not permissions.can_review_submission(world.graduate, submission)
    assert not permissions.can_view_submission(world.graduate, submission)
    assert db.session.scalars(select(Submission.id).where(
        permissions.reviewable_submission_clause(world.graduate))).all() == []
    auth.login_as(world.graduate)
    assert client.get(f"/reviews/{submission.id}").status_code in (403, 404)
    assert client.post(f"/reviews/{submission.id}/claim").status_code in (403, 404)
    assert f"/reviews/{submission.id}" not in client.get("/reviews/").get_data(as_text=True)
    auth.login_as(world.mentor)  # the cohort's mentor does see it: the check above means something
    assert f"/reviews/{submission.id}" in client.get("/reviews/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).claimed_by_id is None


def test_a_peer_mentor_sees_no_gradebook_or_cohort_admin_pages(world, client, auth):
    _active(world)
    assert not permissions.can_export_cohort(world.graduate, world.cohort)
    assert not permissions.can_view_cohort_admin_page(world.graduate, world.cohort)
    auth.login_as(world.graduate)
    assert client.get(f"/cohorts/{world.cohort.id}/gradebook.csv").status_code in (403, 404)
    assert client.get(f"/peer-mentoring/cohorts/{world.cohort.id}").status_code == 403


def test_a_peer_mentor_belongs_to_the_cohorts_and_tracks_spaces_only(world):
    space = Space(kind=SpaceKind.COHORT, track_id=world.track.id, cohort_id=world.cohort.id)
    track_space = Space(kind=SpaceKind.TRACK, track_id=world.track.id)
    other = Space(kind=SpaceKind.COHORT, track_id=world.other_cohort.track_id, cohort_id=world.other_cohort.id)
    db.session.add_all([space, track_space, other])
    db.session.commit()
    seat = _active(world)
    assert permissions.can_view_space(world.graduate, space) and permissions.can_post_in_space(world.graduate, space)
    assert not permissions.can_view_space(world.graduate, other)
    assert not permissions.can_moderate_space(world.graduate, space)
    services.end(seat, world.graduate)
    db.session.commit()
    assert not permissions.can_view_space(world.graduate, space)


def test_ending_the_seat_ends_access_at_once_and_gives_held_asks_back(world, client, auth):
    ask = _ask(world.enrollment)
    seat = _active(world)
    auth.login_as(world.graduate)
    client.post(f"/asks/{ask.id}/claim")
    response = client.post(f"/peer-mentoring/seats/{seat.id}/end", data={"reason": ""})
    assert response.status_code == 302
    db.session.expire_all()
    ask = db.session.get(Ask, ask.id)
    assert ask.mentor_id is None
    assert not permissions.can_answer_ask(world.graduate, ask)
    assert client.get(f"/asks/{ask.id}").status_code in (403, 404)
    assert client.post(f"/asks/{ask.id}/claim").status_code in (302, 403, 404)
    db.session.expire_all()
    assert db.session.get(Ask, ask.id).mentor_id is None


def test_an_admin_pairs_a_learner_with_an_active_peer_mentor(world, client, auth):
    seat = _active(world)
    auth.login_as(world.admin)
    response = client.post(f"/peer-mentoring/seats/{seat.id}/pair", data={"enrollment_id": world.enrollment.id})
    assert response.status_code == 302
    mentorship = db.session.scalar(select(Mentorship).where(Mentorship.mentor_id == world.graduate.id))
    assert mentorship.role == MentorshipRole.PEER and mentorship.status == MentorshipStatus.ACTIVE
    page = client.get(f"/peer-mentoring/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert "Peer mentor of Lea Learner" in page


def test_pairing_refuses_a_learner_of_another_cohort_and_an_ended_seat(world, client, auth):
    seat = _active(world)
    auth.login_as(world.admin)
    client.post(f"/peer-mentoring/seats/{seat.id}/pair", data={"enrollment_id": world.other_enrollment.id})
    client.post(f"/peer-mentoring/seats/{seat.id}/pair", data={"enrollment_id": "not a number"})
    client.post(f"/peer-mentoring/seats/{seat.id}/end", data={"reason": "Moved on."})
    client.post(f"/peer-mentoring/seats/{seat.id}/pair", data={"enrollment_id": world.enrollment.id})
    assert db.session.scalar(select(Mentorship).where(Mentorship.mentor_id == world.graduate.id)) is None
