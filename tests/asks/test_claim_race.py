"""Two mentors claim the same ask at the same moment, each in its own session: exactly one wins."""
from __future__ import annotations

from lms.asks import claims
from lms.asks.errors import AlreadyClaimed
from lms.asks.models import Ask
from lms.auth.models import User
from lms.extensions import db
from tests.asks.conftest import open_ask
from tests.race import race


def test_two_mentors_claiming_at_once_exactly_one_wins(app, world):
    ask_id = open_ask(world).id
    mentors = [world.own_mentor.id, world.skilled_mentor.id]

    def attempt(mentor_id: int, ready) -> None:
        ask = db.session.get(Ask, ask_id)
        mentor = db.session.get(User, mentor_id)
        assert ask.version == 1  # loaded before the barrier, as a page would have it
        ready()
        claims.claim(ask, mentor)

    outcomes = race(app, mentors, attempt, AlreadyClaimed, won="claimed", lost="refused")
    assert sorted(outcomes) == ["claimed", "refused"]
    db.session.expire_all()
    ask = db.session.get(Ask, ask_id)
    assert ask.mentor_id in mentors and ask.version == 2
