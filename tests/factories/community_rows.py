"""Community rows written directly (spaces, topics, posts, reports), for the moderation and
search tests: the services that open topics and posts belong to another part of issue 15."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

from lms.cohorts.models import Cohort, EnrollmentRole
from lms.community.models import Post, PostReport, Space, SpaceKind, Topic
from lms.database import utcnow
from lms.extensions import db
from lms.rendering import render_user_markdown
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import enrol, make_cohort, make_track

_sequence = itertools.count(1)


def cohort_space(cohort: Cohort, *, commit: bool = False) -> Space:
    space = Space(kind=SpaceKind.COHORT, track_id=cohort.track_id, cohort_id=cohort.id)
    db.session.add(space)
    db.session.flush()
    if commit:
        db.session.commit()
    return space


def track_space(track, *, commit: bool = False) -> Space:
    space = Space(kind=SpaceKind.TRACK, track_id=track.id, code_of_conduct="Be kind.")
    db.session.add(space)
    db.session.flush()
    if commit:
        db.session.commit()
    return space


def make_topic(space: Space, author, *, title: str = "How do you price a landing page?",
               body: str = "I charge by the day. Is that **fair**?", at: datetime | None = None,
               hidden: bool = False, commit: bool = False) -> Topic:
    """A topic with its opening post (``topic.first_post``)."""
    at = at or utcnow()
    topic = Topic(space_id=space.id, author_id=author.id, title=title, created_at=at, last_post_at=at, post_count=0,
                  is_hidden=hidden, hide_reason="spam" if hidden else "")
    db.session.add(topic)
    db.session.flush()
    topic.first_post = make_post(topic, author, body=body, at=at)
    if commit:
        db.session.commit()
    return topic


def make_post(topic: Topic, author, *, body: str = "Here is what I do.", at: datetime | None = None,
              hidden: bool = False, commit: bool = False) -> Post:
    at = at or utcnow()
    post = Post(topic_id=topic.id, author_id=author.id, body=body, body_html=render_user_markdown(body),
                created_at=at, is_hidden=hidden, hide_reason="off topic" if hidden else "")
    db.session.add(post)
    db.session.flush()
    if not hidden:
        topic.post_count += 1
        topic.last_post_at = max(topic.last_post_at, at)
        db.session.flush()
    if commit:
        db.session.commit()
    return post


def make_report(post: Post, reporter, *, reason: str = "Rude", commit: bool = False) -> PostReport:
    report = PostReport(post_id=post.id, reporter_id=reporter.id, reason=reason)
    db.session.add(report)
    db.session.flush()
    if commit:
        db.session.commit()
    return report


@dataclass
class Community:
    """Track T with cohorts A and B (a space each) and its track space; another track's
    cohort C. Learner A and mentor A in cohort A, learner B and mentor B in cohort B, mentor
    C in cohort C; an admin. A topic by learner A in cohort A's space, with a reply by
    learner A2 (another learner of cohort A)."""
    track: object
    cohort_a: Cohort
    cohort_b: Cohort
    cohort_c: Cohort
    space_a: Space
    space_b: Space
    space_c: Space
    track_space: Space
    learner_a: object
    learner_a2: object
    learner_b: object
    mentor_a: object
    mentor_b: object
    mentor_c: object
    admin: object
    topic: Topic
    reply: Post


def community() -> Community:
    n = next(_sequence)
    track = make_track(title=f"Freelance {n}", commit=False)
    cohort_a, cohort_b = make_cohort(track, name="Cohort A", commit=False), make_cohort(track, name="Cohort B",
                                                                                         commit=False)
    cohort_c = make_cohort(name="Cohort C", commit=False)
    people = {name: make_user(name=label, email=f"{name}{n}@example.org", commit=False) for name, label in (
        ("learner_a", "Lea Learner"), ("learner_a2", "Lou Learner"), ("learner_b", "Ben Learner"),
        ("mentor_a", "Mia Mentor"), ("mentor_b", "Max Mentor"), ("mentor_c", "Cy Mentor"))}
    db.session.flush()
    for who, cohort in (("learner_a", cohort_a), ("learner_a2", cohort_a), ("learner_b", cohort_b)):
        enrol(cohort, people[who], commit=False)
    for who, cohort in (("mentor_a", cohort_a), ("mentor_b", cohort_b), ("mentor_c", cohort_c)):
        enrol(cohort, people[who], EnrollmentRole.MENTOR, commit=False)
    admin = make_admin(email=f"admin{n}@example.org", name="Ada Admin", commit=False)
    space_a, space_b, space_c = cohort_space(cohort_a), cohort_space(cohort_b), cohort_space(cohort_c)
    the_track_space = track_space(track)
    topic = make_topic(space_a, people["learner_a"], at=utcnow() - timedelta(hours=2))
    reply = make_post(topic, people["learner_a2"], body="By the project, with a **clear** scope.",
                      at=utcnow() - timedelta(hours=1))
    db.session.commit()
    return Community(track, cohort_a, cohort_b, cohort_c, space_a, space_b, space_c, the_track_space,
                     admin=admin, topic=topic, reply=reply, **people)
