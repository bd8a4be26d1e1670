"""The peer-mentoring pages: the cohort's seats (admins), the invitation, home, profile and cards."""
from __future__ import annotations

from sqlalchemy import func, select

from lms.cohorts.models import EnrollmentRole
from lms.cohorts.peer_mentor_seat import PeerMentorSeat, SeatStatus
from lms.extensions import db
from tests.factories.peermentors import make_graduate, make_seat
from tests.factories.submissions import enroll
from tests.querycount import count_queries


def test_the_cohort_page_lists_graduates_with_when_they_completed_and_invites_in_one_click(world, client, auth):
    auth.login_as(world.admin)
    html = client.get(f"/peer-mentoring/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert "Gus Graduate" in html and world.earlier.ends_on.strftime("%B %Y") in html
    response = client.post(f"/peer-mentoring/cohorts/{world.cohort.id}/invite", data={"user_id": world.graduate.id})
    assert response.status_code == 302
    seat = db.session.scalar(select(PeerMentorSeat))
    assert seat.status == SeatStatus.INVITED and seat.invited_by_id == world.admin.id


def test_bad_invitation_input_is_refused_without_a_500(world, client, auth):
    auth.login_as(world.admin)
    for data in ({}, {"user_id": "abc"}, {"user_id": "9" * 40}, {"user_id": "-3"}):
        assert client.post(f"/peer-mentoring/cohorts/{world.cohort.id}/invite", data=data).status_code == 400
    assert client.post(f"/peer-mentoring/cohorts/{world.cohort.id}/invite",
                       data={"user_id": world.learner.id}).status_code == 302  # not eligible: a message
    assert client.post(f"/peer-mentoring/cohorts/{world.cohort.id}/invite", data={"user_id": world.graduate.id},
                       csrf=False).status_code == 400
    assert client.get("/peer-mentoring/cohorts/99999999").status_code == 404
    assert db.session.scalar(select(func.count(PeerMentorSeat.id))) == 0


def test_the_graduate_accepts_on_their_home_page_and_then_sees_their_cohort(world, client, auth):
    seat = make_seat(world.cohort, world.graduate)
    auth.login_as(world.graduate)
    home = client.get("/dashboard").get_data(as_text=True)
    assert f"You are invited to be a peer mentor in <bdi>{world.cohort.name}</bdi>" in home
    assert client.post(f"/peer-mentoring/invitations/{seat.id}", data={"accept": "Accept"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(PeerMentorSeat, seat.id).status == SeatStatus.ACTIVE
    home = client.get("/dashboard").get_data(as_text=True)
    assert f"Peer mentor in <bdi>{world.cohort.name}</bdi>" in home and "Open asks" in home


def test_the_graduate_declines_and_an_answer_without_a_choice_changes_nothing(world, client, auth):
    seat = make_seat(world.cohort, world.graduate)
    auth.login_as(world.graduate)
    assert client.post(f"/peer-mentoring/invitations/{seat.id}", data={}).status_code == 400
    db.session.expire_all()
    assert db.session.get(PeerMentorSeat, seat.id).status == SeatStatus.INVITED
    client.post(f"/peer-mentoring/invitations/{seat.id}", data={"decline": "Decline"})
    db.session.expire_all()
    assert db.session.get(PeerMentorSeat, seat.id).status == SeatStatus.DECLINED
    assert client.post(f"/peer-mentoring/invitations/{seat.id}", data={"accept": "Accept"}).status_code == 403


def test_someone_elses_invitation_is_not_found(world, client, auth):
    seat = make_seat(world.cohort, world.graduate)
    auth.login_as(world.learner)
    assert client.get(f"/peer-mentoring/invitations/{seat.id}").status_code == 404
    assert client.post(f"/peer-mentoring/seats/{seat.id}/end", data={"reason": "x"}).status_code == 404


def test_stepping_down_with_a_huge_reason_is_refused_with_a_message(world, client, auth):
    seat = make_seat(world.cohort, world.graduate, status=SeatStatus.ACTIVE)
    auth.login_as(world.graduate)
    assert client.post(f"/peer-mentoring/seats/{seat.id}/end", data={"reason": "x" * 5000}).status_code == 302
    db.session.expire_all()
    assert db.session.get(PeerMentorSeat, seat.id).status == SeatStatus.ACTIVE


def test_the_profile_shows_the_completed_track_and_the_peer_mentor_seat(world, client, auth):
    make_seat(world.cohort, world.graduate, status=SeatStatus.ACTIVE)
    auth.login_as(world.graduate)
    html = client.get("/profile").get_data(as_text=True)
    assert f"Completed {world.track.title} in {world.earlier.ends_on.strftime('%B %Y')}" in html
    assert f"Peer mentor in {world.cohort.name}" in html
    assert 'name="offers_peer_mentoring"' in html


def _directory(client, world) -> tuple[int, str]:
    with count_queries() as queries:
        html = client.get(f"/cohorts/{world.cohort_id}/mentors").get_data(as_text=True)
    return queries.count, html


def test_mentor_cards_show_completions_in_a_constant_number_of_queries(world, client, auth):
    enroll(world.cohort, world.graduate, EnrollmentRole.MENTOR)  # a graduate who now mentors
    auth.login_as(world.learner)
    world.cohort_id = world.cohort.id
    before, html = _directory(client, world)
    assert f"Completed {world.track.title} in" in html
    for n in range(4):
        mentor, _ = make_graduate(world.cohort, name=f"Grad Mentor {n}", days_earlier=200 + n)
        enroll(world.cohort, mentor, EnrollmentRole.MENTOR)
    after, html = _directory(client, world)
    assert html.count(f"Completed {world.track.title} in") == 5
    assert after == before


def test_the_seats_page_runs_a_constant_number_of_queries(world, client, auth):
    auth.login_as(world.admin)
    url = f"/peer-mentoring/cohorts/{world.cohort.id}"
    make_seat(world.cohort, world.graduate, status=SeatStatus.ACTIVE)
    make_graduate(world.cohort, name="Grad first", days_earlier=150)
    with count_queries() as first:
        client.get(url)
    for n in range(4):
        user, _ = make_graduate(world.cohort, name=f"Grad {n}", days_earlier=200 + n)
        if n % 2:
            make_seat(world.cohort, user, status=SeatStatus.ACTIVE)
    with count_queries() as second:
        html = client.get(url).get_data(as_text=True)
    assert "Grad 0" in html and "Grad 3" in html
    assert second.count == first.count, second
