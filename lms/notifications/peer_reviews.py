"""Notifications about peer reviews, learner side (issue 15): never a name.

- The author is told a peer reviewed their work ("A peer reviewed ..."), in the app and by
  email when they take review emails (quiet hours respected), whatever the assignment's
  anonymity: names stay on the pages that may show them.
- A learner whose peer-review duty was lifted (flexible grading or a mentor) reads why.
"""
from __future__ import annotations

from lms.notifications.services import _email, notify, path_for, preference_for


def on_peer_review_submitted(review, **_) -> None:
    submission = review.submission
    author = submission.user
    if author is None or not author.is_active:
        return
    title = f"A peer reviewed your work on “{submission.lesson.title}”"
    url = path_for("peer.received", submission_id=submission.id)
    key = f"peer-reviewed:{review.id}:{author.id}"
    if notify(author.id, "peer_review", title, url=url, dedupe_key=key) is None:
        return
    preference = preference_for(author.id)
    if preference.email_reviews:
        _email(author, "peer_reviewed", title, key, preference=preference, title=title, url=url,
               lesson=submission.lesson)


def on_peer_duty_met(duty, *, waived: bool = False, **_) -> None:
    if not waived:
        return
    learner = duty.enrollment.user
    notify(learner.id, "peer_duty", f"Peer reviews on “{duty.lesson.title}” are no longer required",
           body=duty.waived_reason, url=path_for("peer.index"), dedupe_key=f"peer-duty-waived:{duty.id}")


def connect(signals) -> None:
    signals.peer_review_submitted.connect(on_peer_review_submitted)
    signals.peer_duty_met.connect(on_peer_duty_met)
