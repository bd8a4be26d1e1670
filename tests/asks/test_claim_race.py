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


def test_the_same_new_ask_posted_twice_at_once_opens_one_ask(app, world):
    """Two requests with one form's key (a double-click): the unique key lets one insert in."""
    from sqlalchemy.exc import IntegrityError

    from lms.asks import services
    from lms.cohorts.models import Enrollment

    key = "0123456789abcdef0123456789abcdef"
    # Read here, not in the threads: the world's objects belong to this thread's session.
    enrollment_id, learner_id = world.enrollment.id, world.learner.id

    def attempt(_, ready) -> None:
        enrollment = db.session.get(Enrollment, enrollment_id)
        learner = db.session.get(User, learner_id)
        ready()
        services.open_ask(enrollment, services.AskData(title="Pricing?", body="Is it right?", client_key=key),
                          learner)
        db.session.flush()

    outcomes = race(app, [1, 2], attempt, IntegrityError, won="opened", lost="duplicate refused")
    assert sorted(outcomes) in (["duplicate refused", "opened"], ["opened", "opened"])
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Ask.id)).where(Ask.client_key == key)) == 1
