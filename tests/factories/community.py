"""Community spaces for tests: a track with two cohorts, their people, and helpers to post."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from lms.cohorts.models import EnrollmentRole
from lms.community import posting, spaces
from lms.community.models import Post, Topic, TopicKind
from lms.extensions import db
from tests.factories.auth import make_admin, make_user
from tests.factories.submissions import enroll, make_cohort, make_track


@dataclass
class CommunityWorld:
    track: object
    lesson: object
    cohort: object        # cohort A
    other_cohort: object  # cohort B of the same track
    learner: object       # Lea Learner, in A
    peer: object          # Pat Peer, in A
    mentor: object        # Mia Mentor, mentor of A
    other_learner: object  # Ben Other, in B
    admin: object
    enrollment: object


def community_world() -> CommunityWorld:
    track, lesson = make_track()
    cohort = make_cohort(track, name="Cohort A")
    other = make_cohort(track, name="Cohort B")
    learner = make_user(name="Lea Learner", email="lea@example.org")
    peer = make_user(name="Pat Peer", email="pat@example.org")
    mentor = make_user(name="Mia Mentor", email="mia@example.org")
    other_learner = make_user(name="Ben Other", email="ben@example.org")
    admin = make_admin(name="Ada Admin", email="ada@example.org")
    enrollment = enroll(cohort, learner, mentor=mentor)
    enroll(cohort, peer)
    enroll(cohort, mentor, EnrollmentRole.MENTOR)
    enroll(other, other_learner)
    return CommunityWorld(track, lesson, cohort, other, learner, peer, mentor, other_learner, admin, enrollment)


def new_topic(space, author, *, title="How do I start?", body="Where do **I** begin?", kind=TopicKind.DISCUSSION,
              lesson_id=None, commit=True) -> Topic:
    topic = posting.open_topic(space, posting.TopicData(title=title, body=body, kind=kind, lesson_id=lesson_id,
                                                        client_key=str(uuid.uuid4()), agreed=True), author)
    if commit:
        db.session.commit()
    return topic


def new_reply(topic, author, body="Start with the brief.", commit=True) -> Post:
    post = posting.reply(topic, posting.PostData(body=body, client_key=str(uuid.uuid4()), agreed=True), author)
    if commit:
        db.session.commit()
    return post


def cohort_space(cohort):
    space = spaces.cohort_space(cohort)
    db.session.commit()
    return space
