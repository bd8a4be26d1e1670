"""Claims: a lock that expires, at most a few at once, given back, handed over (frozen clock)."""
from __future__ import annotations

import pytest

from lms import signals
from lms.asks import claims, routing
from lms.asks.errors import AlreadyClaimed, AskError, TooManyClaims
from lms.asks.models import AskState, ReplyKind
from lms.audit.models import AuditEvent
from lms.extensions import db
from tests.asks.conftest import open_ask, reply


def test_claiming_holds_the_ask_and_another_mentor_is_refused(world, clock):
    ask = open_ask(world)
    claims.claim(ask, world.own_mentor)
    db.session.commit()
    assert ask.mentor_id == world.own_mentor.id and ask.claimed_at == clock.now
    with pytest.raises(AlreadyClaimed, match="Ana Mentor holds this ask"):
        claims.claim(ask, world.skilled_mentor)
    assert db.session.scalar(db.select(AuditEvent.action).where(AuditEvent.subject_id == ask.id,
                                                               AuditEvent.action == "ask_claimed"))


def test_an_expired_claim_goes_back_to_the_queue_lazily_when_someone_else_claims(world, clock):
    ask = open_ask(world)
    claims.claim(ask, world.own_mentor)
    clock.advance(minutes=60)
    assert not claims.claim_is_live(ask, clock.now) and claims.holder_id(ask, clock.now) is None
    claims.claim(ask, world.skilled_mentor)
    db.session.commit()
    assert ask.mentor_id == world.skilled_mentor.id
    assert [r.body for r in ask.replies if r.kind == ReplyKind.EVENT] == [
        "Ana Mentor’s claim expired; the ask is back in the queue."]


def test_the_periodic_task_returns_expired_claims_with_an_event(world, clock):
    ask = open_ask(world)
    claims.claim(ask, world.own_mentor)
    db.session.commit()
    clock.advance(minutes=59)
    routing.route_asks(clock.now)
    assert ask.mentor_id == world.own_mentor.id
    clock.advance(minutes=2)
    routing.route_asks(clock.now)
    db.session.commit()
    assert ask.mentor_id is None and ask.claimed_at is None and ask.state == AskState.AWAITING_MENTOR
    assert any("claim expired" in r.body for r in ask.replies)


def test_a_reply_ends_the_claim_so_it_no_longer_expires(world, clock):
    ask = open_ask(world)
    claims.claim(ask, world.own_mentor)
    reply(ask, world.own_mentor)
    clock.advance(days=3)
    routing.route_asks(clock.now)
    assert ask.mentor_id == world.own_mentor.id and claims.holder_id(ask, clock.now) == world.own_mentor.id


def test_a_mentor_holds_at_most_the_maximum_of_unanswered_claims(app, world, clock):
    app.config["ASK_MAX_CLAIMS"] = 2
    asks = [open_ask(world, title=f"Ask {n}") for n in range(3)]
    claims.claim(asks[0], world.own_mentor)
    claims.claim(asks[1], world.own_mentor)
    with pytest.raises(TooManyClaims, match="You already hold 2 unanswered asks"):
        claims.claim(asks[2], world.own_mentor)
    reply(asks[0], world.own_mentor)  # answered: no longer counts
    claims.claim(asks[2], world.own_mentor)
    assert asks[2].mentor_id == world.own_mentor.id


def test_renewing_ones_own_claim_moves_its_expiry(world, clock):
    ask = open_ask(world)
    claims.claim(ask, world.own_mentor)
    clock.advance(minutes=50)
    claims.claim(ask, world.own_mentor)
    assert ask.claimed_at == clock.now


def test_release_gives_the_ask_back_and_only_the_holder_or_an_admin_may(world, clock):
    ask = open_ask(world)
    claims.claim(ask, world.own_mentor)
    with pytest.raises(AskError, match="Only the mentor holding"):
        claims.release(ask, world.skilled_mentor)
    claims.release(ask, world.own_mentor)
    db.session.commit()
    assert ask.mentor_id is None and "gave the ask back" in ask.replies[-1].body
    claims.claim(ask, world.skilled_mentor)
    claims.release(ask, world.admin)
    assert ask.mentor_id is None


def test_hand_over_gives_the_ask_to_another_mentor_of_the_cohort_with_a_note(world, clock):
    ask = open_ask(world)
    claims.claim(ask, world.own_mentor)
    reply(ask, world.learner, "More detail")
    sent = []
    signals.ask_handed_over.connect(lambda sender, **data: sent.append(data), weak=False)
    try:
        clock.advance(minutes=30)
        claims.hand_over(ask, world.skilled_mentor, "Sol knows *pricing*", world.own_mentor)
        db.session.commit()
    finally:
        signals.ask_handed_over.receivers.clear()
    handover = ask.replies[-1]
    assert handover.kind == ReplyKind.HANDOVER and handover.handed_to_id == world.skilled_mentor.id
    assert "<em>pricing</em>" in handover.body_html
    assert ask.mentor_id == world.skilled_mentor.id and claims.holder_id(ask, clock.now) == world.skilled_mentor.id
    assert ask.waiting_since == clock.now and ask.nudges_sent == 0
    assert sent[0]["from_mentor"].id == world.own_mentor.id and sent[0]["to_mentor"].id == world.skilled_mentor.id
    with pytest.raises(AskError, match="Only the mentor holding"):
        claims.hand_over(ask, world.third_mentor, "", world.own_mentor)


def test_hand_over_refuses_someone_who_is_not_a_mentor_of_the_cohort(world, clock):
    ask = open_ask(world)
    claims.claim(ask, world.own_mentor)
    for target in (world.other_learner, world.own_mentor, world.learner):
        with pytest.raises(AskError, match="another active mentor"):
            claims.hand_over(ask, target, "", world.own_mentor)


def test_the_learner_cannot_claim_their_own_ask(world, clock):
    ask = open_ask(world)
    with pytest.raises(AskError, match="Only the cohort’s mentors"):
        claims.claim(ask, world.learner)
