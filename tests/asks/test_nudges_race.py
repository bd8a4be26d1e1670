"""Two processes running the nudges at the same moment: each reminder and time-out happens once."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from lms import signals
from lms.asks import nudges
from lms.asks.models import Ask, AskState
from lms.extensions import db
from tests.factories.ask_rows import make_ask
from tests.race import race
from tests.submissions import conftest as shared
from tests.submissions.conftest import World

app, world = shared.app, shared.world  # the submissions world: a cohort, a mentor, two learners
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


class _Lost(Exception):
    pass


def _race(app, ask_id: int, act) -> tuple[list[str], list]:
    caught = []

    def receive(ask, **kwargs):
        caught.append(ask.id)

    def attempt(_, ready):
        ask = db.session.get(Ask, ask_id)
        ask.cohort, ask.user, ask.mentor  # noqa: B018 (loaded before the race)
        ready()
        if not act(ask):
            raise _Lost

    signals.ask_waiting.connect(receive)
    signals.ask_timed_out.connect(receive)
    try:
        outcomes = race(app, range(2), attempt, _Lost)
    finally:
        signals.ask_waiting.disconnect(receive)
        signals.ask_timed_out.disconnect(receive)
    return outcomes, caught


def test_two_processes_send_a_reminder_once(app, world: World):
    ask_id = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor, waiting_since=T0).id
    outcomes, caught = _race(app, ask_id, lambda ask: nudges._nudge(ask, ask.user, 2))
    assert sorted(outcomes) == ["refused", "won"] and caught == [ask_id]
    db.session.expire_all()
    assert db.session.get(Ask, ask_id).nudges_sent == 1


def test_two_processes_time_a_thread_out_once(app, world: World):
    ask_id = make_ask(world.enrollment, state=AskState.AWAITING_LEARNER, mentor=world.mentor, waiting_since=T0).id
    outcomes, caught = _race(app, ask_id, lambda ask: nudges._time_out(ask, 14, T0 + timedelta(days=14)))
    assert sorted(outcomes) == ["refused", "won"] and caught == [ask_id]
    db.session.expire_all()
    ask = db.session.get(Ask, ask_id)
    assert ask.state == AskState.TIMED_OUT and len(ask.replies) == 1
