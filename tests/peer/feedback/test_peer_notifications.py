"""The author hears of each peer review of their work (never the reviewer's name when anonymous);
the cohort's mentors hear of each report."""
from __future__ import annotations

from sqlalchemy import select

from lms import signals
from lms.cohorts.models import EnrollmentRole
from lms.extensions import db
from lms.notifications.models import Notification
from lms.outbox import OutboxEmail
from tests.factories.auth import make_user
from tests.factories.submissions import enroll
from tests.peer.feedback.feedback_world import peer_world


def _told(user):
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def _emails(user):
    return list(db.session.scalars(select(OutboxEmail).where(OutboxEmail.to == user.email)))


def _everything_for(user) -> str:
    return " ".join([f"{n.title} {n.body} {n.url}" for n in _told(user)]
                    + [f"{e.subject} {e.text} {e.html or ''}" for e in _emails(user)])


def test_the_author_is_told_of_an_anonymous_review_without_the_reviewers_name(world):
    peers = peer_world(world, anonymous=True)
    reviewer = peers.peers[0][0]
    signals.peer_review_submitted.send(peers.reviews[0], actor=reviewer)
    signals.peer_review_submitted.send(peers.reviews[0], actor=reviewer)   # sent twice: told once
    db.session.commit()
    told = [n for n in _told(world.learner) if n.kind == "peer_review"]
    assert len(told) == 1 and told[0].title == "A peer reviewed your work on “Build your first site”"
    assert told[0].url.endswith(f"/submissions/{peers.submission.id}#peer-reviews")
    everything = _everything_for(world.learner)
    assert "A peer reviewed" in everything
    assert reviewer.name not in everything and reviewer.email not in everything and "Pat" not in everything


def test_the_author_is_told_the_name_when_reviews_are_not_anonymous(world):
    peers = peer_world(world, anonymous=False)
    signals.peer_review_submitted.send(peers.reviews[1], actor=peers.peers[1][0])
    db.session.commit()
    assert "Pat Peer2 reviewed your work" in _everything_for(world.learner)


def test_the_cohorts_mentors_are_told_of_a_report(client, auth, world):
    second = make_user(name="Bo Mentor", email="bo@example.org")
    enroll(world.cohort, second, EnrollmentRole.MENTOR)
    peers = peer_world(world)
    auth.login_as(world.learner)
    client.post(f"/peer/reviews/{peers.reviews[0].id}/report", data={"reason": "Mocking tone"})
    for mentor in (world.mentor, second):
        told = [n for n in _told(mentor) if n.kind == "peer_review"]
        assert len(told) == 1 and "reported Pat Peer1’s peer review" in told[0].title
        assert told[0].body == "Mocking tone" and told[0].url.endswith("/peer/reports")
        assert len([e for e in _emails(mentor) if "reported" in e.subject]) == 1
    assert not [n for n in _told(world.other_learner) if n.kind == "peer_review"]
