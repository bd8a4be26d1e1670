"""Mentor reviews: the review queue, claims, rubric grading."""
