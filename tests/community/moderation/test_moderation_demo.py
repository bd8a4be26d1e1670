"""The moderation demo step: a pinned topic and a reported post in the Spring cohort's space."""
from __future__ import annotations

from lms.community.models import PostReport
from lms.community.moderation_demo import demo_moderation
from lms.extensions import db


def test_without_the_spring_cohorts_space_there_is_nothing_to_moderate(world):
    assert "nothing to moderate" in demo_moderation({"mentor": world.mentor_a, "learner3": world.learner_a})


def test_the_step_pins_the_oldest_topic_and_reports_the_newest_post_once(world):
    world.cohort_a.name = "Spring cohort"
    db.session.commit()
    accounts = {"mentor": world.mentor_a, "learner3": world.learner_a}
    for _ in range(2):  # the demo runs again without adding anything
        assert demo_moderation(accounts) == "Moderation demo: a pinned topic, a reported post."
        db.session.commit()
    assert world.topic.is_pinned
    assert [r.post_id for r in db.session.query(PostReport)] == [world.reply.id]
