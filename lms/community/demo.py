"""Demo data: the Spring cohort's space with a question (answered and accepted) and a discussion."""
from __future__ import annotations

import uuid

from sqlalchemy import select

from lms import permissions
from lms.cohorts.models import Cohort
from lms.community import posting, spaces, topics
from lms.community.models import Topic, TopicKind
from lms.extensions import db

COHORT_NAME = "Spring cohort"


def demo_community(accounts: dict) -> str | None:
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == COHORT_NAME))
    learner, learner2, mentor = accounts.get("learner"), accounts.get("learner2"), accounts.get("mentor")
    if cohort is None or None in (learner, learner2, mentor) or not permissions.is_mentor_of(mentor, cohort):
        return f"Community demo skipped: no cohort named {COHORT_NAME!r} with the demo learners and mentor."
    space = spaces.cohort_space(cohort)
    if db.session.scalar(select(Topic.id).where(Topic.space_id == space.id)):
        return f"Community demo: {COHORT_NAME} already has topics."
    question = posting.open_topic(space, posting.TopicData(
        title="How do you keep a client call short?", kind=TopicKind.QUESTION, agreed=True,
        body="My first client calls run over an hour. Any tips to keep them to **30 minutes**? "
             f"@{_handle(mentor)} maybe you have a routine?", client_key=str(uuid.uuid4())), learner)
    answer = posting.reply(question, posting.PostData(
        body="Send a three-line agenda the day before, and end with the next step:\n\n"
             "1. What they need\n2. What it costs\n3. When you start", client_key=str(uuid.uuid4()), agreed=True),
        mentor)
    topics.accept_answer(answer, learner)
    posting.open_topic(space, posting.TopicData(
        title="Share your portfolio", agreed=True, client_key=str(uuid.uuid4()),
        body="Post a link to your portfolio and say what you would like feedback on. Mine: `https://example.org`"),
        learner2)
    return f"Community demo: 2 topics in {COHORT_NAME}'s space."


def _handle(user) -> str:
    from lms.community.mentions import handle_of
    return handle_of(user.name)
