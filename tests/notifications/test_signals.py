"""Notifications react to other features' signals; the senders never call them."""
from __future__ import annotations

import pytest
from blinker import Namespace
from sqlalchemy import select

from lms import signals
from lms.extensions import db
from lms.notifications.models import Notification
from lms.reviews.services import Decision, ReviewData, review_attempt
from tests.factories.submissions import hand_in


def _notifications_of(user) -> list[Notification]:
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()


def _request_changes(world, attempt):
    submission = attempt.submission
    return review_attempt(submission, ReviewData(attempt.id, submission.version, Decision.REQUEST_CHANGES,
                                                 [2, 2], ["", ""], "Add alt text"), world.mentor)


def test_the_learner_is_notified_through_review_decided(world):
    attempt = hand_in(world.enrollment, world.lesson)
    with signals.review_decided.muted():
        review = _request_changes(world, attempt)
    assert _notifications_of(world.learner) == []  # the reviews service does not call notifications

    signals.review_decided.send(review, submission=attempt.submission, decision=review.decision,
                                actor=world.mentor)
    [notification] = _notifications_of(world.learner)
    assert notification.kind == "review"
    assert notification.dedupe_key == f"reviewed:{review.id}:{world.learner.id}"


def test_the_mentor_is_notified_through_work_submitted(world):
    with signals.work_submitted.muted():
        hand_in(world.enrollment, world.lesson)
    assert _notifications_of(world.mentor) == []
    attempt = hand_in(world.other_enrollment, world.lesson)
    [notification] = _notifications_of(world.mentor)
    assert notification.kind == "submission" and str(attempt.id) in notification.dedupe_key


def test_the_review_service_sends_review_decided_once_with_the_decision(world):
    attempt = hand_in(world.enrollment, world.lesson)
    heard = []
    with signals.review_decided.connected_to(lambda sender, **data: heard.append((sender, data))):
        review = _request_changes(world, attempt)
    assert heard == [(review, {"submission": attempt.submission, "decision": Decision.REQUEST_CHANGES,
                               "actor": world.mentor})]


@pytest.mark.parametrize("name", ["lesson_completed", "quiz_passed"])
def test_a_signal_nobody_receives_is_sent_harmlessly(app, name):
    signal = getattr(signals, name)
    assert not signal.receivers  # nothing subscribes to these yet
    assert signal.send(object(), user_id=1, cohort_id=1) == []


def test_sending_without_receivers_returns_nothing_and_changes_nothing():
    lonely = Namespace().signal("nobody-listens")
    assert lonely.send(None, anything=1) == []
