"""Progress reads peer duties in one bulk query, however many learners."""
from __future__ import annotations

from lms.extensions import db
from lms.progress import records
from tests.factories.peer import hand_in_all, peer_cohort
from tests.querycount import count_queries


def _queries_for(size: int) -> int:
    world = peer_cohort(size)
    hand_in_all(world)
    db.session.expire_all()
    with count_queries() as counter:
        progress = records.for_cohort(world.cohort)
    assert len(progress) == size
    assert not any(record.is_done(world.lesson) for record in progress.values())
    return counter.count


def test_progress_costs_the_same_for_3_or_25_learners_with_peer_duties(app):
    assert _queries_for(3) == _queries_for(25)
