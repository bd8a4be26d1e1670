"""Allocation fairness over random cohorts (Hypothesis), checked against a plain reading of the rows.

After any sequence of leases, submitted reviews, give-backs, blocks and time passing:

- nobody is handed their own hand-in, and nobody a hand-in they reviewed, hold or gave back;
- every lease goes to a hand-in whose load (submitted reviews + active leases) was the
  lowest among the hand-ins eligible for that reviewer at that moment, the oldest of those:
  so no hand-in gets a (k+1)-th review or lease while another eligible one has fewer than k+1;
- a lease past ``PEER_LEASE_HOURS`` counts for nobody's load and is not a reason to skip.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, event, given, settings, strategies as st
from sqlalchemy import select

from lms.extensions import db
from lms.peer import allocation, writing
from lms.peer.errors import NothingToReview, PeerError
from lms.peer.models import PeerBlock, PeerReview, PeerReviewStatus as S
from lms.submissions.models import Submission
from tests.conftest import _empty_all_tables
from tests.factories.peer import hand_in_all, peer_cohort

T0 = datetime(2026, 5, 4, 8, 0, tzinfo=timezone.utc)

action = st.tuples(st.sampled_from(["lease"] * 4 + ["submit"] * 3 + ["release", "wait", "wait", "block"]),
                   st.integers(0, 5), st.integers(0, 5))


def expected_choices(world, reviewer: int, now: datetime) -> set[int]:
    """The hand-ins the rules allow for ``reviewer`` now: lowest load, then oldest."""
    me = world.learners[reviewer].id
    rows = db.session.scalars(select(PeerReview)).all()
    blocks = {(b.user_id, b.blocked_user_id) for b in db.session.scalars(select(PeerBlock))}
    subs = db.session.scalars(select(Submission).where(Submission.lesson_id == world.lesson.id)).all()

    def load(sub) -> int:
        return sum(1 for r in rows if r.submission_id == sub.id and (
            r.status == S.SUBMITTED or (r.status == S.LEASED and r.lease_expires_at > now)))

    eligible = [s for s in subs if s.user_id != me and (me, s.user_id) not in blocks
                and (s.user_id, me) not in blocks
                and not any(r.submission_id == s.id and r.reviewer_id == me and (
                    r.status in (S.SUBMITTED, S.RELEASED) or (r.status == S.LEASED and r.lease_expires_at > now))
                    for r in rows)]
    if not eligible:
        return set()
    best = min((load(s), s.created_at, s.id) for s in eligible)
    return {best[2]}


# Each example empties every table: cheap on SQLite, seconds on PostgreSQL, where the allocation's
# own locking is covered by the race tests. PEER_PROPERTY_EXAMPLES asks for more (150 checked once).
EXAMPLES = int(os.environ.get("PEER_PROPERTY_EXAMPLES", 8 if os.environ.get("LMS_TEST_DATABASE_URL") else 25))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=st.integers(2, 5), reviews=st.integers(1, 3), actions=st.lists(action, min_size=4, max_size=20),
       data=st.data())
def test_leases_are_fair_and_never_self_or_twice(app, size, reviews, actions, data):
    _empty_all_tables()
    world = peer_cohort(size, reviews=reviews)
    order = data.draw(st.permutations(range(size)))
    handed = order[:data.draw(st.integers(size - 1, size))]   # one may not have handed in
    hand_in_all(world, *handed)
    now = T0
    for kind, who, other in actions:
        who, other = who % size, other % size
        enrollment = world.enrollments[who]
        open_lease = allocation.open_lease(enrollment, world.lesson.id)
        if kind == "wait":
            now += timedelta(hours=data.draw(st.sampled_from([1, 12, 25])))
        elif kind == "block" and who != other:
            pair = dict(user_id=world.learners[who].id, blocked_user_id=world.learners[other].id)
            if db.session.scalar(select(PeerBlock).filter_by(**pair)) is None:
                db.session.add(PeerBlock(**pair))
        elif kind == "release" and open_lease is not None:
            allocation.release(open_lease, now)
        elif kind == "submit" and open_lease is not None:
            writing.submit_review(open_lease, writing.PeerReviewData(open_lease.version, [0], [""], "ok"), None, now)
        elif kind == "lease":
            active = open_lease is not None and open_lease.lease_expires_at > now
            expected = set() if active else expected_choices(world, who, now)
            try:
                review = allocation.lease_next(enrollment, world.lesson, now)
            except NothingToReview:
                assert not expected
                event("nothing to review")
            except PeerError:
                pass   # not handed in yet, or every review given
            else:
                assert review.submission.user_id != world.learners[who].id
                if active:
                    assert review.id == open_lease.id
                else:
                    assert {review.submission_id} == expected
                    event("a new lease")
        db.session.commit()
    pairs = db.session.execute(select(PeerReview.reviewer_id, PeerReview.submission_id)).all()
    assert len(pairs) == len(set(pairs))   # one row per reviewer and hand-in, ever
