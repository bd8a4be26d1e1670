"""Development plans (self-mentorship): goals, their links to skills and rubric criteria,
progress derived from reviewed work, and mentors' check-in notes."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from lms.cohorts.mentoring import GOAL_TERMS
    from lms.plans import queries

    # Matching (in lms.cohorts, below) reads learners' goals through this loader.
    app.extensions[GOAL_TERMS] = queries.goal_terms
