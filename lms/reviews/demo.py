"""Demo data: work waiting in the demo mentor's queue, and one learner asked for changes (who
rated that review helpful)."""
from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.extensions import db
from lms.reviews import grading
from lms.reviews.models import Decision
from lms.reviews.ratings import RatingData, rate_review
from lms.reviews.services import ReviewData, review_attempt
from lms.submissions.models import Submission
from lms.submissions.services import AttemptData, submit_attempt
from lms.tracks.models import Lesson, LessonKind

COHORT_NAME = "Spring cohort"

SAMPLE_TEXT = """## What I built

A one-page site for my neighbour's bakery: opening hours, the weekly bread list and a map.

- Semantic HTML: `header`, `main`, `section` per bread category
- Checked contrast with the browser's accessibility panel
- **Question:** is a table right for the opening hours?

Repository: see the link below.
"""


def demo_reviews(accounts: dict) -> str | None:
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == COHORT_NAME))
    if cohort is None:
        return f"Submissions demo skipped: no cohort named {COHORT_NAME!r} (run the cohorts demo step first)."
    assignments = db.session.scalars(select(Lesson).where(
        Lesson.track_id == cohort.track_id, Lesson.kind == LessonKind.ASSIGNMENT,
        Lesson.is_archived.is_(False)).order_by(Lesson.position)).all()
    if not assignments:
        return "Submissions demo skipped: the Spring cohort's track has no assignments."
    learners = {e.user_id: e for e in db.session.scalars(select(Enrollment).where(
        Enrollment.cohort_id == cohort.id, Enrollment.role == EnrollmentRole.LEARNER))}
    first = assignments[0]
    made = 0
    for hours, handle in ((52, "learner2"), (20, "learner3"), (3, "learner4")):
        if _hand_in(cohort, first, learners, accounts.get(handle), hours):
            made += 1
    learner = accounts.get("learner")
    if _hand_in(cohort, first, learners, learner, 30):
        made += 1
        submission = db.session.scalar(select(Submission).where(
            Submission.cohort_id == cohort.id, Submission.user_id == learner.id, Submission.lesson_id == first.id))
        review = _request_changes(submission, accounts["mentor"])
        # Feedback on feedback: the mentor's feedback page has a rating to show.
        rate_review(review, RatingData(helpful=True, comment="The list tip made the hours much clearer."), learner)
    return f"Submissions demo: {made} piece(s) of work handed in for “{first.title}” in {COHORT_NAME}."


def _hand_in(cohort, lesson, learners, user, hours_ago: int) -> bool:
    if user is None or user.id not in learners:
        return False
    exists = db.session.scalar(select(Submission.id).where(
        Submission.cohort_id == cohort.id, Submission.user_id == user.id, Submission.lesson_id == lesson.id))
    if exists:
        return False
    data = AttemptData(idempotency_key=str(uuid.uuid4()), text=SAMPLE_TEXT,
                       url="https://example.org/bakery-site")
    attempt = submit_attempt(learners[user.id], lesson, _fit(data, lesson), user)
    # Spread the waiting times so the queue shows its order and an overdue item.
    attempt.submitted_at -= timedelta(hours=hours_ago)
    attempt.submission.waiting_since = attempt.submitted_at
    db.session.flush()
    return True


def _fit(data: AttemptData, lesson) -> AttemptData:
    forms = (lesson.spec or {}).get("submission") or ["text"]
    if "text" not in forms:
        data.text = ""
    if "url" not in forms:
        data.url = ""
    return data


def _request_changes(submission, mentor):
    rubric = grading.snapshot_rubric(submission.lesson.spec)
    levels = [min(1, len(c["levels"]) - 1) if c["levels"] else None for c in rubric]
    attempt = submission.current_attempt
    return review_attempt(submission, ReviewData(
        attempt_id=attempt.id, version=submission.version, decision=Decision.REQUEST_CHANGES, levels=levels,
        comments=["" for _ in rubric],
        feedback="A good start. Please add alt text to the photos and use a list for the opening hours, "
                 "then hand in again."), mentor)
