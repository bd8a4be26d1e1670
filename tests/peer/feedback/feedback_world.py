"""A cohort where an assignment asks for peer reviews: learner Lea's waiting work and peers
who reviewed it (rows, no allocation). Shared by the tests of the mentor's and author's side."""
from __future__ import annotations

from dataclasses import dataclass

from lms.extensions import db
from tests.factories.peer_rows import ask_for_peers, make_peer_learner, make_peer_review
from tests.reviews.helpers import waiting_submission


@dataclass
class PeerWorld:
    submission: object
    peers: list          # (user, enrolment) of the reviewers
    reviews: list


def peer_world(world, *, count: int = 2, levels=((0, 0), (1, 1)), anonymous: bool = True, comment="Clear work.",
               names=None) -> PeerWorld:
    ask_for_peers(world.lesson, anonymous=anonymous)
    submission = waiting_submission(world)
    peers, reviews = [], []
    for i in range(count):
        name = names[i] if names else f"Pat Peer{i + 1}"
        peer = make_peer_learner(world.cohort, name=name, email=f"pat{i + 1}-{submission.id}@example.org")
        db.session.flush()
        peers.append(peer)
        reviews.append(make_peer_review(submission, peer[1], levels=levels[i % len(levels)], comment=comment,
                                        commit=False))
    db.session.commit()
    return PeerWorld(submission, peers, reviews)
