"""Demo data for moderation: in the Spring cohort's space, the oldest topic is pinned and the
newest learner post is reported, so the demo mentor has a queue (needs the spaces demo's posts)."""
from __future__ import annotations

from sqlalchemy import select

from lms.cohorts.models import Cohort
from lms.community import moderation, reports
from lms.community.models import Post, Space, Topic
from lms.extensions import db

COHORT_NAME = "Spring cohort"


def demo_moderation(accounts: dict) -> str | None:
    space = db.session.scalar(select(Space).join(Cohort, Cohort.id == Space.cohort_id)
                              .where(Cohort.name == COHORT_NAME))
    mentor, reporter = accounts.get("mentor"), accounts.get("learner3")
    if space is None or mentor is None or reporter is None or not moderation.moderators_of(space):
        return f"Moderation demo: nothing to moderate (no space of {COHORT_NAME!r} with the demo mentor)."
    oldest = db.session.scalar(select(Topic).where(Topic.space_id == space.id, Topic.is_hidden.is_(False))
                               .order_by(Topic.created_at, Topic.id).limit(1))
    if oldest is not None:
        moderation.set_pinned(oldest, True, mentor)
    post = db.session.scalar(select(Post).join(Topic, Topic.id == Post.topic_id).where(
        Topic.space_id == space.id, Post.is_hidden.is_(False), Post.author_id.is_not(None),
        Post.author_id.not_in([mentor.id, reporter.id])).order_by(Post.created_at.desc(), Post.id.desc()).limit(1))
    if post is not None:
        reports.report_post(post, "This shares a client's name; please check.", reporter)
    return f"Moderation demo: {'a pinned topic' if oldest else 'no topic'}, {'a reported post' if post else 'no post'}."
