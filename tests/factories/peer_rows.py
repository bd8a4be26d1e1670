"""Peer-review rows written straight to the database, for the mentor's and the author's side
(feedback, agreement, reports, the queue's flag): no allocation or lease service runs.

Scores have the shape of a mentor ``Review``'s: per criterion ``{level, points, comment}``.
"""
from __future__ import annotations

import itertools
from datetime import timedelta

from lms.cohorts.models import EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from lms.peer.models import PeerReview, PeerReviewStatus, ReportStatus
from lms.rendering import render_user_markdown
from lms.reviews.models import Decision, Review
from tests.factories.auth import make_user
from tests.factories.submissions import RUBRIC, enroll

_sequence = itertools.count(1)

# The peer rubric: the mentor's rubric (same criteria and levels), so agreement compares both.
PEER_RUBRIC = RUBRIC


def ask_for_peers(lesson, *, reviews: int = 2, anonymous: bool = True, rubric=None, commit: bool = True):
    """Make ``lesson`` an assignment that asks for peer reviews (``spec["peer"]``)."""
    lesson.spec = {**lesson.spec, "peer": {"reviews": reviews, "rubric": rubric or PEER_RUBRIC,
                                           "anonymous": anonymous}}
    if commit:
        db.session.commit()
    return lesson


def scores_for(rubric: list, levels: list, comments=()) -> tuple[list, int, int]:
    """(scores, total, max) for the chosen level index (or None) of each criterion."""
    scores, total = [], 0
    for i, (criterion, level) in enumerate(zip(rubric, levels, strict=True)):
        points = criterion["levels"][level]["points"] if level is not None else 0
        total += points
        scores.append({"level": level, "points": points, "comment": comments[i] if i < len(comments) else ""})
    top = sum(max(level["points"] for level in c["levels"]) for c in rubric)
    return scores, total, top


def make_peer_learner(cohort, *, name: str | None = None, email: str | None = None):
    """A learner of ``cohort`` who reviews peers: (user, enrolment)."""
    n = next(_sequence)
    user = make_user(name=name or f"Peer Reviewer {n}", email=email or f"peer{n}@example.org", commit=False)
    db.session.flush()
    enrollment = enroll(cohort, user, EnrollmentRole.LEARNER, commit=False)
    db.session.flush()
    return user, enrollment


def make_peer_review(submission, reviewer_enrollment, *, levels=(0, 0), comment: str = "Nice work.",
                     comments=(), attempt=None, rubric=None, status=PeerReviewStatus.SUBMITTED,
                     helpful=None, report_status=ReportStatus.NONE, report_reason: str = "",
                     submitted_at=None, commit: bool = True) -> PeerReview:
    """A peer review of ``submission``'s latest attempt (or ``attempt``) by the enrolled learner."""
    rubric = rubric or PEER_RUBRIC
    attempt = attempt or submission.attempts[-1]
    scores, total, top = scores_for(rubric, list(levels), comments)
    now = utcnow()
    submitted = status == PeerReviewStatus.SUBMITTED
    review = PeerReview(
        submission_id=submission.id, attempt_id=attempt.id, lesson_id=submission.lesson_id,
        cohort_id=submission.cohort_id, reviewer_id=reviewer_enrollment.user_id,
        reviewer_enrollment_id=reviewer_enrollment.id, status=status, leased_at=now - timedelta(hours=2),
        lease_expires_at=now + timedelta(hours=22), submitted_at=(submitted_at or now) if submitted else None,
        scores=scores if submitted else [], rubric_snapshot=rubric, total_points=total if submitted else 0,
        max_points=top, comment=comment if submitted else "",
        comment_html=render_user_markdown(comment) if submitted else "", helpful=helpful,
        rated_at=now if helpful is not None else None, report_status=report_status, report_reason=report_reason,
        reported_at=now if report_status != ReportStatus.NONE else None)
    db.session.add(review)
    db.session.flush()
    if commit:
        db.session.commit()
    return review


def make_mentor_review(submission, mentor, *, levels=(0, 0), attempt=None, rubric=None,
                       decision=Decision.REQUEST_CHANGES, commit: bool = True) -> Review:
    """A mentor's ``Review`` row of an attempt (no status change: only agreement reads it)."""
    rubric = rubric or RUBRIC
    attempt = attempt or submission.attempts[-1]
    scores, total, top = scores_for(rubric, list(levels))
    review = Review(submission_id=submission.id, attempt_id=attempt.id, reviewer_id=mentor.id, decision=decision,
                    rubric_snapshot=rubric, scores=scores, total_points=total, max_points=top, feedback="")
    db.session.add(review)
    db.session.flush()
    if commit:
        db.session.commit()
    return review
