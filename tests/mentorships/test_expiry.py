"""Unanswered picks expire after the cohort's days to answer (a controlled clock), the next
pick is asked, and two expiry runs (or an answer racing one) move a request on once."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from lms.cohorts.models import MentorshipRole
from lms.extensions import db
from lms.jobs.periodic import run_due
from lms.mentorships import requests
from lms.mentorships.models import RequestPick
from tests.mentorships.helpers import asked_pick, only_request, pick_states, titles

T0 = datetime(2026, 4, 1, 8, 0, tzinfo=timezone.utc)


def _open(world, *mentors, now=T0):
    request = requests.open_request(world.enrollment, requests.NewRequest(tuple(m.id for m in mentors)), now=now)
    db.session.commit()
    return request


def test_an_unanswered_pick_expires_after_the_cohorts_days_and_the_next_is_asked(world):
    ana, ben, _ = world.mentors
    world.cohort.request_response_days = 2
    db.session.commit()
    request = _open(world, ana, ben)
    assert asked_pick(request).respond_by == T0 + timedelta(days=2)
    assert requests.expire_due(now=T0 + timedelta(days=2) - timedelta(seconds=1)) == 0
    assert requests.expire_due(now=T0 + timedelta(days=2)) == 1
    db.session.commit()
    assert pick_states(request) == [(ana.id, "expired"), (ben.id, "asked")]
    assert asked_pick(only_request(world.enrollment)).respond_by == T0 + timedelta(days=4)


def test_when_the_last_pick_expires_the_request_goes_to_the_admins(world, admin):
    ana = world.mentors[0]
    _open(world, ana)
    requests.expire_due(now=T0 + timedelta(days=3))
    db.session.commit()
    assert only_request(world.enrollment).status == "with_admins"
    assert any("needs a primary mentor" in t for t in titles(admin.id))
    assert "Your request for a primary mentor is with the program team" in titles(world.learner.id)


def test_running_expiry_twice_moves_the_request_once(world):
    ana, ben, cleo = world.mentors
    request = _open(world, ana, ben, cleo)
    later = T0 + timedelta(days=3)
    assert requests.expire_due(now=later) == 1
    assert requests.expire_due(now=later) == 0  # ben was asked at `later`: not due yet
    db.session.commit()
    assert pick_states(request) == [(ana.id, "expired"), (ben.id, "asked"), (cleo.id, "queued")]


def test_an_expired_pick_can_no_longer_be_accepted(world):
    ana, ben, _ = world.mentors
    request = _open(world, ana, ben)
    pick = asked_pick(request)
    requests.expire_due(now=T0 + timedelta(days=3))
    db.session.commit()
    db.session.expire_all()
    pick = db.session.get(RequestPick, pick.id)
    try:
        requests.accept(pick, actor=ana, now=T0 + timedelta(days=3, hours=1))
        raise AssertionError("accepted an expired pick")
    except requests.RequestError as error:
        assert "already answered" in str(error)


def test_two_processes_expiring_at_once_advance_each_pick_once(app, world):
    ana, ben, cleo = world.mentors
    request_id = _open(world, ana, ben, cleo).id
    barrier = threading.Barrier(2)
    moved: list[int] = []

    def run() -> None:
        with app.app_context():
            barrier.wait()
            try:
                moved.append(requests.expire_due(now=T0 + timedelta(days=3)))
                db.session.commit()
            except Exception:  # noqa: BLE001 (a lost race may surface as a conflict; it must change nothing)
                db.session.rollback()
                moved.append(0)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sum(moved) == 1
    db.session.expire_all()
    request = only_request(world.enrollment)
    assert request.id == request_id
    assert pick_states(request) == [(ana.id, "expired"), (ben.id, "asked"), (cleo.id, "queued")]


def test_expiry_is_a_registered_periodic_task(app, world):
    _open(world, world.mentors[0], now=datetime.now(timezone.utc) - timedelta(days=10))
    assert "mentorships.expire_requests" in run_due()
    assert only_request(world.enrollment).status == "with_admins"


def test_a_skill_request_keeps_its_role_through_expiry(world):
    request = requests.open_request(world.enrollment, requests.NewRequest(
        (world.mentors[0].id,), MentorshipRole.SKILL, "css"), now=T0)
    requests.expire_due(now=T0 + timedelta(days=5))
    db.session.commit()
    assert (request.role, request.skill, request.status) == (MentorshipRole.SKILL, "css", "with_admins")
