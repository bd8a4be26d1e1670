"""Reasons in words, and mentors' median time to review (read through the reviews loader)."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app

from lms.extensions import db
from lms.mentorships.directory import RESPONSE_HOURS
from lms.mentorships.fit import fit_reasons
from lms.profiles.models import SkillLevel
from lms.reviews.models import Review
from lms.submissions.models import Attempt
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
