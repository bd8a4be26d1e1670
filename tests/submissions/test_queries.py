"""The bulk read interface the cohort dashboards and certificates use."""
from __future__ import annotations

from lms.extensions import db
from lms.reviews import outcomes
from lms.reviews.services import Decision, ReviewData, review_attempt
from lms.submissions import queries
from tests.factories.submissions import hand_in
from tests.querycount import count_queries


def _review(attempt, mentor, decision, levels=(0, 0)):
    submission = attempt.submission
    review = review_attempt(submission, ReviewData(attempt.id, submission.version, decision, list(levels),
                                                   ["", ""], "ok"), mentor)
    db.session.commit()
    return review


def test_waiting_summary_counts_reviewable_work(world):
    assert queries.waiting_summary_for_mentor(world.mentor.id) == (0, None)
    first = hand_in(world.enrollment, world.lesson)
    hand_in(world.other_enrollment, world.lesson)
    count, oldest = queries.waiting_summary_for_mentor(world.mentor.id)
    assert count == 2 and oldest == first.submission.waiting_since
    assert queries.waiting_summary_for_mentor(world.learner.id) == (0, None)


def test_assignment_statuses_in_bulk(app, world):
    attempt = hand_in(world.enrollment, world.lesson)
    _review(attempt, world.mentor, Decision.REQUEST_CHANGES, (2, 2))
    second = hand_in(world.enrollment, world.lesson, text="again")
    hand_in(world.other_enrollment, world.lesson)
    enrollment_ids, lesson_ids = [world.enrollment.id, world.other_enrollment.id], [world.lesson.id]
    with count_queries() as counter:
        statuses = outcomes.assignment_statuses(enrollment_ids, lesson_ids)
    assert counter.count == 1  # the latest review's points come in the same statement
    mine = statuses[(world.enrollment.id, world.lesson.id)]
    assert (mine.status, mine.attempts, mine.points, mine.late) == ("submitted", 2, 1, False)
    assert mine.submitted_at == second.submitted_at and mine.reviewed_at is not None
    assert statuses[(world.other_enrollment.id, world.lesson.id)].points is None
    assert set(statuses) == {(world.enrollment.id, world.lesson.id), (world.other_enrollment.id, world.lesson.id)}


def test_recent_feedback_names_the_lesson_and_reviewer(app, world):
    attempt = hand_in(world.enrollment, world.lesson)
    _review(attempt, world.mentor, Decision.APPROVE)
    with app.test_request_context():
        [item] = outcomes.recent_feedback_for_learner(world.learner.id)
    assert (item.lesson_title, item.decision, item.reviewer_name) == ("Build your first site", "approve", "Ana Mentor")
    assert item.url == f"/submissions/{attempt.submission_id}"
