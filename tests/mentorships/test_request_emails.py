"""Mentor requests wait on someone's answer within days, so each step is also emailed
(through the outbox, once): the asked mentor with the answer-by time in their zone, the
learner when a mentor answers."""
from __future__ import annotations

from sqlalchemy import select

from lms.auth.tokens import describe_time
from lms.extensions import db
from lms.outbox import OutboxEmail
from tests.mentorships.helpers import asked_pick, only_request


def _emails_to(address: str) -> list[OutboxEmail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxEmail).where(OutboxEmail.to == address).order_by(OutboxEmail.id)))


def test_the_asked_mentor_is_emailed_once_with_the_message_and_the_answer_by_time(client, auth, world):
    ana, ben, _ = world.mentors
    ana.timezone = "Asia/Tokyo"
    db.session.commit()
    auth.login_as(world.learner)
    client.post(f"/cohorts/{world.cohort.id}/mentor-requests/new",
                data={"pick_1": str(ana.id), "pick_2": str(ben.id), "role": "primary", "message": "Grids, please."})
    [email] = _emails_to(ana.email)
    assert email.subject == "Lea Learner asks you to be their primary mentor"
    assert "Grids, please." in email.text and "Please answer by" in email.text and "/mentor-requests" in email.text
    pick = asked_pick(only_request(world.enrollment))
    assert f"Please answer by {describe_time(pick.respond_by, 'Asia/Tokyo')}" in email.text  # "… (Asia/Tokyo)"
    assert _emails_to(ben.email) == [], "the second choice is asked only if the first does not take it"


def test_the_learner_is_emailed_when_a_mentor_declines_and_the_next_is_asked(client, auth, world):
    ana, ben, _ = world.mentors
    auth.login_as(world.learner)
    client.post(f"/cohorts/{world.cohort.id}/mentor-requests/new",
                data={"pick_1": str(ana.id), "pick_2": str(ben.id), "role": "primary", "message": ""})
    pick = asked_pick(only_request(world.enrollment))
    auth.login_as(ana)
    client.post(f"/mentor-requests/picks/{pick.id}/decline", data={"reason": "Fully booked until May."})
    [email] = _emails_to(world.learner.email)
    assert "Ana Mentor cannot be your primary mentor" in email.subject and "Fully booked until May." in email.text
    assert len(_emails_to(ben.email)) == 1
