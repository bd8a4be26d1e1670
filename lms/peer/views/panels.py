"""The peer reviews of a submission, as sections of other features' pages (``lms.web.add_page_panel``).

- On the mentor's review page (``"reviews.review"``) and the submission page when a mentor
  or admin reads it: every submitted peer review with the reviewer's name, their scores and
  comment, their agreement with mentors so far, the author's rating, any report; and the
  "Peers disagree" badge. Peer scores are advisory: the mentor's review decides.
- On the submission page for its author (``"submissions.detail"``): the reviews not hidden
  by a report, as "Peer 1", "Peer 2" when the assignment is anonymous, each with the
  helpful / not helpful buttons and a link to report it.

Each panel runs a fixed number of queries, however many reviews there are.
"""
from __future__ import annotations

from flask import render_template
from flask_login import current_user
from markupsafe import Markup

from lms import permissions
from lms.peer import agreement, feedback, queries


def _asks_for_peers(lesson) -> bool:
    return isinstance((lesson.spec or {}).get("peer"), dict)


def mentor_panel(submission) -> Markup | None:
    if not permissions.can_see_peer_reviews_of(current_user, submission):
        return None
    reviews = feedback.reviews_of_submission(submission.id)
    if not reviews and not _asks_for_peers(submission.lesson):
        return None
    latest_attempt = submission.attempts[-1].id if submission.attempts else None
    return Markup(render_template(
        "peer/_peer_reviews_panel.html", submission=submission, reviews=reviews,
        agreements=agreement.agreement_of(r.reviewer_id for r in reviews),
        disagree=agreement.peers_disagree(reviews, latest_attempt, agreement.disagreement_spread()),
        latest_attempt=latest_attempt, spread=agreement.disagreement_spread(),
        duty=queries.duty_of(submission.enrollment_id, submission.lesson_id)))


def author_panel(submission) -> Markup | None:
    if not getattr(current_user, "is_authenticated", False) or submission.user_id != current_user.id:
        return None
    received = feedback.received_by_author(submission.id)
    if not received and not _asks_for_peers(submission.lesson):
        return None
    return Markup(render_template("peer/_received_reviews.html", submission=submission, received=received,
                                  anonymous=feedback.is_anonymous(submission.lesson)))


def submission_panel(submission) -> Markup | None:
    """The author's view for the author, the mentors' view for those who review the work."""
    return author_panel(submission) or (mentor_panel(submission) if submission.user_id != current_user.id
                                        else None)
