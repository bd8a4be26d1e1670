"""Moderation services: every action is audited, hiding withdraws from notifications
(``post_hidden``), counts follow the visible posts, stale forms change nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest

from lms import signals
from lms.audit.services import events_for
from lms.community import moderation
from lms.community.models import PostReport, ReportOutcome
from lms.database import as_utc
from lms.extensions import db
from tests.factories.community_rows import make_post, make_report


@pytest.fixture
def hidden_signals():
    sent = []

    def receiver(post, **kwargs):
        sent.append((post.id, kwargs["actor"].id))

    signals.post_hidden.connect(receiver)
    yield sent
    signals.post_hidden.disconnect(receiver)


def _actions(subject) -> list[str]:
    return [event.action for event in events_for(subject)]


def test_pin_and_lock_are_audited_and_repeating_them_changes_nothing(world):
    moderation.set_pinned(world.topic, True, world.mentor_a)
    moderation.set_pinned(world.topic, True, world.mentor_a)
    moderation.set_locked(world.topic, True, world.mentor_a)
    moderation.set_locked(world.topic, False, world.mentor_a)
    moderation.set_pinned(world.topic, False, world.admin)
    db.session.commit()
    assert _actions(world.topic) == ["topic.pinned", "topic.locked", "topic.unlocked", "topic.unpinned"]
    assert events_for(world.topic)[-1].actor_id == world.admin.id


def test_a_stale_version_changes_nothing(world):
    seen = world.topic.version
    moderation.set_pinned(world.topic, True, world.mentor_a, based_on_version=seen)
    db.session.commit()
    with pytest.raises(moderation.StaleContent):
        moderation.set_locked(world.topic, True, world.admin, based_on_version=seen)
    db.session.rollback()
    assert not world.topic.is_locked


def test_hiding_a_post_needs_a_reason(world):
    with pytest.raises(moderation.ModerationError, match="Say why"):
        moderation.hide_post(world.reply, "   ", world.mentor_a)
    with pytest.raises(moderation.ModerationError, match="under"):
        moderation.hide_post(world.reply, "x" * 501, world.mentor_a)


def test_hiding_a_post_recounts_settles_its_reports_signals_and_audits(world, hidden_signals):
    report = make_report(world.reply, world.learner_a, commit=True)
    moderation.hide_post(world.reply, "Off topic", world.mentor_a)
    db.session.commit()
    topic = world.topic
    assert (topic.post_count, as_utc(topic.last_post_at)) == (1, as_utc(topic.first_post.created_at))
    assert world.reply.hide_reason == "Off topic" and world.reply.hidden_by_id == world.mentor_a.id
    db.session.refresh(report)
    assert (report.outcome, report.resolved_by_id) == (ReportOutcome.HIDDEN, world.mentor_a.id)
    assert report.resolved_at is not None
    assert hidden_signals == [(world.reply.id, world.mentor_a.id)]
    assert _actions(world.reply) == ["post.hidden", "post.reports_hidden"]
    with pytest.raises(moderation.ModerationError, match="hidden already"):
        moderation.hide_post(world.reply, "again", world.mentor_a)


def test_unhiding_a_post_counts_it_again(world):
    moderation.hide_post(world.reply, "Off topic", world.mentor_a)
    moderation.unhide_post(world.reply, world.admin)
    db.session.commit()
    assert world.topic.post_count == 2
    assert as_utc(world.topic.last_post_at) == as_utc(world.reply.created_at)
    assert (world.reply.is_hidden, world.reply.hide_reason, world.reply.hidden_by_id) == (False, "", None)
    assert _actions(world.reply) == ["post.hidden", "post.unhidden"]


def test_recount_ignores_hidden_posts_and_falls_back_to_the_topics_creation(world):
    make_post(world.topic, world.learner_a, hidden=True, at=world.reply.created_at + timedelta(minutes=5))
    moderation.hide_post(world.reply, "spam", world.mentor_a)
    moderation.hide_post(world.topic.first_post, "spam", world.mentor_a)
    db.session.commit()
    assert world.topic.post_count == 0
    assert as_utc(world.topic.last_post_at) == as_utc(world.topic.created_at)


def test_hiding_a_topic_signals_each_visible_post_once(world, hidden_signals):
    moderation.hide_post(world.reply, "spam", world.mentor_a)
    hidden_signals.clear()
    moderation.hide_topic(world.topic, "Spam thread", world.admin)
    db.session.commit()
    assert hidden_signals == [(world.topic.first_post.id, world.admin.id)]
    assert world.topic.is_hidden and world.topic.hide_reason == "Spam thread"
    moderation.unhide_topic(world.topic, world.admin)
    db.session.commit()
    assert _actions(world.topic) == ["topic.hidden", "topic.unhidden"]


def test_a_topic_moves_within_its_track_only(world):
    with pytest.raises(moderation.ModerationError, match="own track"):
        moderation.move_topic(world.topic, world.space_c, world.admin)
    with pytest.raises(moderation.ModerationError, match="already"):
        moderation.move_topic(world.topic, world.space_a, world.admin)
    assert [s.id for s in moderation.move_targets(world.topic)] == [world.track_space.id, world.space_b.id]
    moderation.move_topic(world.topic, world.track_space, world.mentor_a)
    db.session.commit()
    assert world.topic.space_id == world.track_space.id
    event = events_for(world.topic)[-1]
    assert (event.action, event.data) == ("topic.moved", {"from_space_id": world.space_a.id,
                                                          "to_space_id": world.track_space.id})


def test_settling_reports_closes_all_open_reports_of_the_post_and_only_those(world):
    make_report(world.reply, world.learner_a)
    make_report(world.reply, world.mentor_a)
    other = make_report(world.topic.first_post, world.learner_a2, commit=True)
    assert moderation.settle_reports(world.reply, ReportOutcome.DISMISSED, world.admin) == 2
    db.session.commit()
    outcomes = dict(db.session.query(PostReport.id, PostReport.outcome))
    assert outcomes.pop(other.id) == ReportOutcome.OPEN
    assert set(outcomes.values()) == {ReportOutcome.DISMISSED}


def test_moderators_of_a_space(world):
    assert moderation.moderators_of(world.space_a) == [world.mentor_a]
    assert moderation.moderators_of(world.track_space) == [world.mentor_a, world.mentor_b]


def test_two_moderators_hiding_the_same_post_at_once_hide_it_once(app, world):
    from lms.auth.models import User
    from lms.community.models import Post, Topic
    from tests.race import race

    post_id, topic_id = world.reply.id, world.topic.id

    def attempt(user_id, ready):
        post, actor = db.session.get(Post, post_id), db.session.get(User, user_id)
        ready()
        moderation.hide_post(post, f"by {user_id}", actor, based_on_version=post.version)

    outcomes = race(app, [world.mentor_a.id, world.admin.id], attempt, moderation.ModerationError)
    assert sorted(outcomes) == ["refused", "won"]
    db.session.expire_all()
    assert _actions(db.session.get(Post, post_id)) == ["post.hidden"]
    assert db.session.get(Topic, topic_id).post_count == 1
