"""Nudges and time-outs of open asks with a frozen clock (``lms.asks.nudges``)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from lms import signals
from lms.asks import nudges
from lms.asks.models import Ask, AskReply, AskStage, AskState, ReplyKind
from lms.database import as_utc
from lms.extensions import db
from tests.factories.ask_rows import make_ask
from tests.submissions import conftest as shared
from tests.submissions.conftest import World

app, world = shared.app, shared.world  # the submissions world: a cohort, a mentor, two learners
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)


@pytest.fixture
def sent():
    """Every ask_waiting / ask_timed_out / ask_offered sent during the test, as (signal, ask id, kwargs)."""
    caught = []

    def recorder(name):
        def receive(ask, **kwargs):
            caught.append((name, ask.id, kwargs))
        return receive

    receivers = {name: recorder(name) for name in ("waiting", "timed_out", "offered")}
    for name, receiver in receivers.items():
        getattr(signals, f"ask_{name}").connect(receiver)
    yield caught
    for name, receiver in receivers.items():
        getattr(signals, f"ask_{name}").disconnect(receiver)


def _reload(ask: Ask) -> Ask:
    db.session.expire_all()
    return db.session.get(Ask, ask.id)


def test_nudge_days_are_read_leniently():
    assert nudges.nudge_days("2,5,9") == [2, 5, 9]
    assert nudges.nudge_days(" 5, x, 2,2, 0,-1") == [2, 5]
    assert nudges.nudge_days("") == []


def test_learner_is_nudged_once_at_each_nudge_day(world: World, sent):
    ask = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor, waiting_since=T0)
    assert nudges.run_nudges(now=T0 + 2 * DAY - timedelta(minutes=1)) == 0
    moments = [T0 + 2 * DAY, T0 + 2 * DAY + timedelta(hours=1), T0 + 5 * DAY, T0 + 6 * DAY, T0 + 9 * DAY,
               T0 + 13 * DAY]
    for moment in moments:
        nudges.run_nudges(now=moment)
        db.session.commit()
    assert [(name, kwargs["waiting_on"].id, kwargs["days"], kwargs["nudge"]) for name, _, kwargs in sent] == [
        ("waiting", world.learner.id, 2, 1), ("waiting", world.learner.id, 5, 2), ("waiting", world.learner.id, 9, 3)]
    assert _reload(ask).nudges_sent == 3


def test_the_mentor_holding_the_ask_is_nudged_and_an_unclaimed_ask_nudges_nobody(world: World, sent):
    held = make_ask(world.enrollment, mentor=world.mentor, waiting_since=T0)
    make_ask(world.other_enrollment, waiting_since=T0)  # in the queue: waits on nobody in particular
    assert nudges.run_nudges(now=T0 + 2 * DAY) == 1
    [(name, ask_id, kwargs)] = sent
    assert (name, ask_id, kwargs["waiting_on"].id) == ("waiting", held.id, world.mentor.id)


def test_after_an_outage_one_reminder_covers_the_days_crossed(world: World, sent):
    ask = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor, waiting_since=T0)
    assert nudges.run_nudges(now=T0 + 6 * DAY) == 1
    assert [kwargs["nudge"] for _, _, kwargs in sent] == [2]
    assert _reload(ask).nudges_sent == 2


def test_the_cohorts_own_nudge_days_and_inactive_people_are_respected(world: World, sent):
    world.cohort.ask_nudge_days = "1"
    world.learner.is_active = False
    make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor, waiting_since=T0)
    held = make_ask(world.other_enrollment, mentor=world.mentor, waiting_since=T0)
    assert nudges.run_nudges(now=T0 + DAY) == 1
    assert [ask_id for _, ask_id, _ in sent] == [held.id]


def test_a_reply_that_lands_first_wins_over_the_nudge(world: World, sent):
    ask = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor, waiting_since=T0)
    # Another process records a reply (a new wait) after this one read the ask.
    db.session.execute(update(Ask).where(Ask.id == ask.id).values(waiting_since=T0 + DAY, nudges_sent=0)
                       .execution_options(synchronize_session=False))
    assert nudges._nudge(ask, world.learner, 2) is False
    assert sent == []


def test_waiting_learner_thread_times_out_once(world: World, sent):
    ask = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor, waiting_since=T0)
    assert nudges.run_nudges(now=T0 + 14 * DAY) == 1
    db.session.commit()
    assert nudges.run_nudges(now=T0 + 15 * DAY) == 0
    ask = _reload(ask)
    assert ask.state == AskState.TIMED_OUT and ask.mentor_id == world.mentor.id
    [event] = db.session.scalars(select(AskReply).where(AskReply.ask_id == ask.id)).all()
    assert event.kind == ReplyKind.EVENT and event.author_id is None
    assert "no reply from the learner in 14 days" in event.body
    assert [(name, kwargs["back_in_queue"], kwargs["mentor"].id) for name, _, kwargs in sent] == [
        ("timed_out", False, world.mentor.id)]


def test_a_silent_mentor_sends_the_ask_back_to_the_queue_from_the_skill_stage(world: World, sent):
    world.cohort.ask_timeout_days = 7
    ask = make_ask(world.enrollment, mentor=world.mentor, waiting_since=T0, nudges_sent=2)
    now = T0 + 7 * DAY
    assert nudges.run_nudges(now=now) == 1
    db.session.commit()
    ask = _reload(ask)
    assert ask.state == AskState.AWAITING_MENTOR and ask.mentor_id is None and ask.claimed_at is None
    assert ask.stage == AskStage.SKILL_MENTORS and as_utc(ask.offered_at) == now and ask.nudges_sent == 0
    assert as_utc(ask.waiting_since) == T0  # keeps its place in the queue
    [event] = ask.replies
    assert event.kind == ReplyKind.EVENT and "Back in the queue: no answer from Ana Mentor in 7 days" in event.body
    assert [(name, kwargs.get("back_in_queue"), kwargs.get("why")) for name, _, kwargs in sent] == [
        ("timed_out", True, None), ("offered", None, "back in the queue")]
    assert sent[0][2]["mentor"].id == world.mentor.id
    assert nudges.run_nudges(now=now + 30 * DAY) == 0  # in the queue now: routing's business


def test_an_ask_already_with_the_admins_stays_with_them_when_it_comes_back(world: World, sent):
    ask = make_ask(world.enrollment, mentor=world.admin, stage=AskStage.ADMINS, waiting_since=T0)
    nudges.run_nudges(now=T0 + 14 * DAY)
    assert _reload(ask).stage == AskStage.ADMINS


def test_a_fresh_claim_on_a_long_waiting_ask_is_not_sent_back_at_once(world: World, sent):
    ask = make_ask(world.enrollment, mentor=world.mentor, waiting_since=T0, claimed_at=T0 + 13 * DAY)
    assert nudges.run_nudges(now=T0 + 15 * DAY) == 1  # only a reminder: 2 days since the claim
    assert _reload(ask).mentor_id == world.mentor.id
    assert [(name, kwargs["days"]) for name, _, kwargs in sent] == [("waiting", 2)]


def test_resolved_and_timed_out_asks_are_left_alone(world: World, sent):
    make_ask(world.enrollment, state=AskState.RESOLVED, mentor=world.mentor, waiting_since=T0)
    make_ask(world.other_enrollment, state=AskState.TIMED_OUT, mentor=world.mentor, waiting_since=T0)
    assert nudges.run_nudges(now=T0 + 40 * DAY) == 0
    assert sent == []


def test_a_time_out_loses_to_a_change_made_meanwhile(world: World, sent):
    ask = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor, waiting_since=T0)
    db.session.execute(update(Ask).where(Ask.id == ask.id).values(version=Ask.version + 1)
                       .execution_options(synchronize_session=False))
    assert nudges._time_out(ask, 14, T0 + 14 * DAY) is False
    assert _reload(ask).state == AskState.AWAITING_LEARNER and sent == []


def test_nudges_run_hourly_as_a_periodic_task(app):
    task = app.extensions["lms_periodic"]["asks.nudges"]
    assert task.func is nudges.run_nudges and task.every == timedelta(hours=1)
