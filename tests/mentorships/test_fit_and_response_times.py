"""Reasons in words, and mentors' median time to review (read through the reviews loader)."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts.models import Enrollment
from lms.database import utcnow
from lms.extensions import db
from lms.mentorships.directory import RESPONSE_HOURS
from lms.mentorships.fit import fit_reasons
from lms.profiles.models import SkillLevel
from lms.reviews.models import Review
from lms.submissions.models import Attempt, Submission, SubmissionStatus
from lms.tracks.models import Lesson, Track
from tests.factories.health_rows import make_submission
from tests.factories.scenario import two_cohorts

S, E, L, W = SkillLevel.STRONG, SkillLevel.EXPERT, SkillLevel.LEARNING, SkillLevel.WORKING


def _reasons(**overrides):
    values = dict(mentor_skills={}, learner_skills={}, goal_words=(), help_with="", overlap_hours=0,
                  mentor_languages=[], learner_languages=[])
    values.update(overrides)
    return fit_reasons(**values)


def test_a_stronger_mentor_in_the_learners_skill_comes_first():
    assert _reasons(mentor_skills={"sql": E, "python": W}, learner_skills={"sql": L, "python": S}) == [
        "Expert in sql, where you are learning.", "You both know python."]


def test_goals_match_whole_skills_and_help_topics():
    reasons = _reasons(mentor_skills={"data visualisation": S, "go": E},
                       goal_words=("learn", "data", "visualisation", "for", "reports"),
                       help_with="Salary talks\nReports that managers read")
    assert reasons == ["Strong in data visualisation, which your goals mention.",
                       "Helps with “Reports that managers read”, close to your goals."]


def test_hours_and_languages_are_mentioned_when_they_help():
    assert _reasons(overlap_hours=1.5) == []
    assert _reasons(overlap_hours=4.25, mentor_languages=["pt-PT", "en"], learner_languages=["pt-BR"]) == [
        "Your working hours overlap by 4.25 hours a day.", "You both speak Portuguese."]


def test_nothing_in_common_gives_no_reasons():
    assert _reasons(mentor_skills={"rust": E}, learner_skills={"excel": W}) == []


def test_median_response_hours_per_mentor_over_the_last_90_days(app):
    world = two_cohorts()
    review = db.session.get(Review, world.review_a)
    attempt = db.session.get(Attempt, review.attempt_id)
    attempt.submitted_at = review.created_at - timedelta(hours=10)
    db.session.commit()
    loader = current_app.extensions[RESPONSE_HOURS]
    since = review.created_at - timedelta(days=90)
    assert loader([world.mentor_a, world.mentor_b], since) == {world.mentor_a: 10.0}
    assert loader([world.mentor_a], review.created_at + timedelta(seconds=1)) == {}, "older reviews do not count"
    assert loader([], since) == {}


def test_the_median_is_the_middle_wait_or_the_mean_of_the_two_middle_ones_and_early_reviews_count_as_zero(app):
    world = two_cohorts()
    enrollment = db.session.get(Enrollment, world.enrollment_a)
    handed_in = select(Submission.lesson_id).where(Submission.user_id == world.learner_a)
    first, second = db.session.scalars(select(Lesson).join(Track).where(
        Track.slug == world.track_a, Lesson.id.not_in(handed_in)).order_by(Lesson.position).limit(2)).all()
    mentor_a, mentor_b = db.session.get(User, world.mentor_a), db.session.get(User, world.mentor_b)
    seeded = db.session.get(Review, world.review_a)  # mentor A's review in the scenario: a 3-hour wait
    db.session.get(Attempt, seeded.attempt_id).submitted_at = seeded.created_at - timedelta(hours=3)
    start = utcnow() - timedelta(days=20)

    def waits(hours: list[float], mentor) -> list[tuple]:
        return [(start + timedelta(days=i), start + timedelta(days=i, hours=h), mentor, None)
                for i, h in enumerate(hours)]

    # Mentor A: 10, 6, 1, 2 hours and one review written before its attempt (a clock skew): 0.
    make_submission(enrollment, first, waits([10, 6, 1, -3, 2], mentor_a), status=SubmissionStatus.APPROVED)
    make_submission(enrollment, second, waits([4, 1, 7], mentor_b), status=SubmissionStatus.APPROVED)
    db.session.commit()
    loader = current_app.extensions[RESPONSE_HOURS]
    hours = loader([world.mentor_a, world.mentor_b], start - timedelta(days=1))
    assert hours == {world.mentor_a: 2.5,   # 0, 1, 2, 3, 6, 10: the mean of 2 and 3
                     world.mentor_b: 4.0}   # 1, 4, 7: the middle one
