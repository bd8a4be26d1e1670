"""Who an open ask is offered to, and how it moves on when nobody claims it in time (frozen clock)."""
from __future__ import annotations

from sqlalchemy import select

from lms import signals
from lms.asks import claims, routing
from lms.asks.models import AskStage, AskState, ReplyKind
from lms.cohorts.models import Enrollment, EnrollmentStatus
from lms.extensions import db
from tests.asks.conftest import open_ask


def _ids(users):
    return {u.id for u in users}


def test_a_new_ask_is_offered_to_the_learners_own_mentors_first(world, clock):
    ask = open_ask(world)
    assert ask.stage == AskStage.OWN_MENTORS and ask.state == AskState.AWAITING_MENTOR
    assert _ids(routing.offered_to(ask)) == {world.own_mentor.id}
    assert ask.offered_at == clock.now == ask.waiting_since


def test_without_own_mentors_the_ask_starts_with_the_cohorts_mentors(world, clock):
    world.enrollment.mentor_id = None
    db.session.commit()
    ask = open_ask(world, skill="Pricing ")
    assert ask.skill == "pricing"
    assert ask.stage == AskStage.SKILL_MENTORS
    assert _ids(routing.offered_to(ask)) == {world.skilled_mentor.id}


def test_nobody_claiming_within_the_response_target_escalates_to_skill_mentors_then_admins(world, clock):
    world.cohort.ask_response_hours = 24
    db.session.commit()
    ask = open_ask(world, skill="pricing")
    offered = []
    signals.ask_offered.connect(lambda sender, **data: offered.append(data["why"]), weak=False)
    try:
        clock.advance(hours=23, minutes=59)
        routing.route_asks(clock.now)
        assert ask.stage == AskStage.OWN_MENTORS
        clock.advance(minutes=1)
        routing.route_asks(clock.now)
        db.session.commit()
        assert ask.stage == AskStage.SKILL_MENTORS and ask.offered_at == clock.now
        assert _ids(routing.offered_to(ask)) == {world.skilled_mentor.id}
        clock.advance(hours=24)
        routing.route_asks(clock.now)
        db.session.commit()
        assert ask.stage == AskStage.ADMINS
        assert _ids(routing.offered_to(ask)) == {world.admin.id}
        clock.advance(hours=48)
        routing.route_asks(clock.now)
        assert ask.stage == AskStage.ADMINS  # the last circle: nothing further
    finally:
        signals.ask_offered.receivers.clear()
    events = [r.body for r in ask.replies if r.kind == ReplyKind.EVENT]
    assert len(events) == 2 and "offered to the cohort’s mentors" in events[0] and "program team" in events[1]
    assert len(offered) == 2 and "not claimed within 24 h" in offered[0]


def test_an_ask_without_a_skill_or_nobody_with_it_goes_to_every_active_mentor(world, clock):
    for skill in ("", "knitting"):
        ask = open_ask(world, skill=skill, title=f"About {skill or 'nothing'}")
        routing.offer_to_next_stage(ask, clock.now)
        assert _ids(routing.offered_to(ask)) == {world.own_mentor.id, world.skilled_mentor.id,
                                                  world.third_mentor.id}


def test_a_withdrawn_mentor_is_not_offered_anything(world, clock):
    mentor_enrollment = db.session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == world.cohort.id, Enrollment.user_id == world.own_mentor.id))
    mentor_enrollment.status = EnrollmentStatus.WITHDRAWN
    db.session.commit()
    ask = open_ask(world)
    assert ask.stage == AskStage.SKILL_MENTORS
    assert world.own_mentor.id not in _ids(routing.offered_to(ask))


def test_a_live_claim_stops_escalation_and_the_offer(app, world, clock):
    app.config["ASK_CLAIM_MINUTES"] = 600
    world.cohort.ask_response_hours = 1
    db.session.commit()
    ask = open_ask(world)
    claims.claim(ask, world.own_mentor)
    db.session.commit()
    clock.advance(hours=2)
    assert routing.escalate_due(clock.now) == 0
    assert ask.stage == AskStage.OWN_MENTORS and routing.offered_to(ask) == []
