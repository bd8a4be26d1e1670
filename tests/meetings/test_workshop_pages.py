"""The workshop pages over HTTP: schedule in the host's zone, register, waitlist, cancel,
attendance, the recording, wrong users, and a list whose query count stays put."""
from __future__ import annotations

from datetime import timedelta

from lms.extensions import db
from lms.meetings.models import RegistrationStatus as R, Workshop, WorkshopRegistration, WorkshopStatus
from tests.factories.meetings import make_workshop
from tests.meetings import workshop_world
from tests.meetings.workshop_world import NOW
from tests.querycount import count_queries

clock = workshop_world.clock  # the fixture, shared by the workshop tests
world = workshop_world.world  # the fixture, shared by the workshop tests


def _form(**fields):
    return {"kind": "office_hours", "title": "Pricing clinic", "description": "Bring **your** price list.",
            "day": "2026-03-10", "start": "18:30", "minutes": "45", "seats": "12", **fields}


def test_a_mentor_schedules_in_their_own_zone_and_learners_see_their_own(client, auth, world):
    auth.login_as(world.mentor)  # Asia/Kolkata, UTC+05:30
    response = client.post(f"/workshops/new?cohort_id={world.cohort.id}", data=_form())
    assert response.status_code == 302
    workshop = db.session.scalar(db.select(Workshop).where(Workshop.title == "Pricing clinic"))
    assert workshop.starts_at.isoformat() == "2026-03-10T13:00:00+00:00"
    assert workshop.ends_at - workshop.starts_at == timedelta(minutes=45)
    assert workshop.timezone == "Asia/Kolkata" and workshop.cohort_id == world.cohort.id
    assert workshop.description_html == "<p>Bring <strong>your</strong> price list.</p>"
    assert workshop.uid.startswith("workshop-") and workshop.uid.endswith("@localhost")
    assert workshop.video_url.startswith("https://meet.jit.si/workshop-")
    auth.login_as(world.learners[0])  # Berlin, UTC+1 in March before the change
    page = client.get(f"/workshops/{workshop.id}").data.decode()
    assert "10 Mar 2026, 14:00 (Europe/Berlin)" in page and "18:30 for the host (Asia/Kolkata)" in page
    auth.login_as(world.learners[1])  # New York: DST began 8 March 2026
    assert "10 Mar 2026, 09:00 (America/New York)" in client.get(f"/workshops/{workshop.id}").data.decode()


def test_a_time_skipped_by_a_clock_change_is_refused_with_a_message(client, auth, world):
    world.mentor.timezone = "America/New_York"
    db.session.commit()
    auth.login_as(world.mentor)
    response = client.post(f"/workshops/new?cohort_id={world.cohort.id}", data=_form(day="2026-03-08", start="02:30"))
    assert response.status_code == 400 and b"the clocks change then" in response.data


def test_bad_input_rerenders_the_form_with_messages(client, auth, world):
    auth.login_as(world.mentor)
    response = client.post(f"/workshops/new?cohort_id={world.cohort.id}",
                           data=_form(title="", seats="0", day="2026-03-01"))
    assert response.status_code == 400
    assert b"Give the session a title." in response.data and b"Offer 1 to 10000 seats." in response.data
    past = client.post(f"/workshops/new?cohort_id={world.cohort.id}", data=_form(day="2026-03-01"))
    assert past.status_code == 400 and b"Choose a time in the future." in past.data
    assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 1


def test_learners_register_join_the_waitlist_and_move_up_when_someone_cancels(client, auth, world):
    w = world.workshop
    for learner in world.learners[:3]:
        auth.login_as(learner)
        assert client.post(f"/workshops/{w.id}/register").status_code == 302
    page = client.get(f"/workshops/{w.id}").data.decode()
    assert "You are number 1 on the waitlist" in page
    assert "waitlist #1" in client.get("/workshops/").data.decode()
    auth.login_as(world.learners[0])
    assert client.post(f"/workshops/{w.id}/unregister").status_code == 302
    auth.login_as(world.learners[2])
    assert "You have a seat." in client.get(f"/workshops/{w.id}").data.decode()


def test_a_double_click_registers_once(client, auth, world):
    auth.login_as(world.learners[0])
    for _ in range(2):
        client.post(f"/workshops/{world.workshop.id}/register")
    db.session.refresh(world.workshop)
    assert world.workshop.seats_taken == 1
    assert db.session.scalar(db.select(db.func.count(WorkshopRegistration.id))) == 1


def test_wrong_users_are_refused(client, auth, world):
    w = world.workshop
    auth.login_as(world.stranger)
    assert client.get(f"/workshops/{w.id}").status_code == 404
    assert client.post(f"/workshops/{w.id}/register").status_code == 404
    assert str(w.title) not in client.get("/workshops/").data.decode()
    auth.login_as(world.learners[0])
    assert client.get(f"/workshops/{w.id}/edit").status_code == 403
    assert client.post(f"/workshops/{w.id}/cancel", data={"reason": "No"}).status_code == 403
    assert client.get(f"/workshops/new?cohort_id={world.cohort.id}").status_code == 403
    auth.login_as(world.other_mentor)
    assert client.get(f"/workshops/new?cohort_id={world.cohort.id}").status_code == 404
    auth.login_as(world.mentor)
    assert client.post(f"/workshops/{w.id}/register").status_code == 403  # the host takes no seat


def test_seats_cannot_drop_below_the_people_registered(client, auth, world):
    w = world.workshop
    for learner in world.learners[:2]:
        auth.login_as(learner)
        client.post(f"/workshops/{w.id}/register")
    auth.login_as(world.mentor)
    response = client.post(f"/workshops/{w.id}/edit", data=_form(kind="workshop", title=w.title, day="2026-03-03",
                                                                  start="17:30", minutes="60", seats="1"))
    assert response.status_code == 400 and b"2 people are registered: keep at least 2 seats" in response.data
    db.session.refresh(w)
    assert w.seats == 2


def test_moving_the_time_increments_the_sequence_and_cancelling_too(client, auth, world):
    w = world.workshop
    auth.login_as(world.mentor)
    assert client.post(f"/workshops/{w.id}/edit", data=_form(day="2026-03-04", seats="2")).status_code == 302
    db.session.refresh(w)
    assert w.sequence == 1 and w.starts_at.isoformat() == "2026-03-04T13:00:00+00:00"
    assert client.post(f"/workshops/{w.id}/cancel", data={"reason": ""}).status_code == 400
    assert client.post(f"/workshops/{w.id}/cancel", data={"reason": "The host is ill."}).status_code == 302
    db.session.refresh(w)
    assert w.status == WorkshopStatus.CANCELLED and w.sequence == 2 and w.cancel_reason == "The host is ill."
    auth.login_as(world.learners[0])
    assert client.post(f"/workshops/{w.id}/register").status_code == 302
    assert db.session.scalar(db.select(db.func.count(WorkshopRegistration.id))) == 0


def test_attendance_after_the_start_and_the_recording_after_the_end(client, auth, world, clock):
    w = world.workshop
    for learner in world.learners[:2]:
        auth.login_as(learner)
        client.post(f"/workshops/{w.id}/register")
    auth.login_as(world.mentor)
    client.post(f"/workshops/{w.id}/attendance", data={"came": [str(world.learners[0].id)]})
    assert db.session.scalar(db.select(WorkshopRegistration.attended).where(
        WorkshopRegistration.user_id == world.learners[0].id)) is None  # not started: refused
    clock.advance(days=1, minutes=30)
    client.post(f"/workshops/{w.id}/attendance", data={"came": [str(world.learners[0].id), "x"]})
    attended = dict(db.session.execute(db.select(WorkshopRegistration.user_id, WorkshopRegistration.attended)).all())
    assert attended == {world.learners[0].id: True, world.learners[1].id: False}
    assert b"once the workshop has ended" in client.post(f"/workshops/{w.id}/recording", data={
        "recording_url": "https://video.example.org/r/1"}, follow_redirects=True).data
    clock.advance(hours=1)
    bad = client.post(f"/workshops/{w.id}/recording", data={"recording_url": "http://video.example.org/r/1"})
    assert bad.status_code == 400 and b"Give an https:// link" in bad.data
    client.post(f"/workshops/{w.id}/recording", data={"recording_url": "https://video.example.org/r/1"})
    auth.login_as(world.learners[1])
    assert b"https://video.example.org/r/1" in client.get("/workshops/").data


def test_program_wide_office_hours_are_seen_by_members_of_every_cohort(client, auth, world):
    make_workshop(world.other_mentor, NOW + timedelta(days=2), title="Open office hours", kind="office_hours")
    for person in (world.learners[0], world.stranger):
        auth.login_as(person)
        assert b"Open office hours" in client.get("/workshops/").data


def test_the_list_runs_the_same_queries_for_2_or_40_workshops(client, auth, world):
    auth.login_as(world.learners[0])

    def count():
        with count_queries() as q:
            assert client.get("/workshops/").status_code == 200
        return q.count

    make_workshop(world.mentor, NOW + timedelta(days=3), cohort=world.cohort)
    few = count()
    for i in range(38):
        w = make_workshop(world.mentor if i % 2 else world.other_mentor,
                          NOW + timedelta(days=4, hours=i) if i % 3 else NOW - timedelta(days=i + 1),
                          cohort=world.cohort if i % 2 else None, commit=False, recording_url="https://v.example.org/x")
        db.session.add(WorkshopRegistration(workshop_id=w.id, user_id=world.learners[0].id, status=R.WAITLISTED,
                                            waitlisted_at=NOW))
    db.session.commit()
    assert count() == few


def test_an_admin_in_another_zone_edits_in_the_hosts_zone(client, auth, world):
    world.admin.timezone = "America/New_York"
    db.session.commit()
    auth.login_as(world.admin)
    form = client.get(f"/workshops/{world.workshop.id}/edit").data.decode()
    assert "the host’s zone" in form and "Asia/Kolkata" in form and 'value="17:30"' in form
    response = client.post(f"/workshops/{world.workshop.id}/edit", data=_form(day="2026-03-05", start="17:30",
                                                                              seats="2"))
    assert response.status_code == 302
    db.session.refresh(world.workshop)
    assert world.workshop.starts_at.isoformat() == "2026-03-05T12:00:00+00:00"
    assert world.workshop.timezone == "Asia/Kolkata"


def test_a_date_at_the_end_of_the_calendar_is_refused_not_an_error(client, auth, world):
    world.mentor.timezone = "Pacific/Honolulu"
    db.session.commit()
    auth.login_as(world.mentor)
    response = client.post(f"/workshops/new?cohort_id={world.cohort.id}", data=_form(day="9999-12-31", start="23:59"))
    assert response.status_code == 400 and b"Choose a date between 2000 and 2200." in response.data


def test_cancelling_a_place_never_held_says_so_and_changes_nothing(client, auth, world):
    auth.login_as(world.learners[0])
    response = client.post(f"/workshops/{world.workshop.id}/unregister", follow_redirects=True)
    assert b"You held no place at this workshop." in response.data
    assert db.session.scalar(db.select(db.func.count(WorkshopRegistration.id))) == 0


def test_the_cohort_schedule_links_to_the_workshops(client, auth, world):
    auth.login_as(world.learners[0])
    assert b'href="/workshops/"' in client.get(f"/cohorts/{world.cohort.id}/schedule").data
