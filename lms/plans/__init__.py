"""Development plans (self-mentorship): goals, their links to skills and rubric criteria,
progress derived from reviewed work, and mentors' check-in notes."""
from __future__ import annotations

from flask import Flask

# The profiles welcome step redirects here after saving skills (``/welcome/goals``).
ONBOARDING_NEXT = "onboarding_next"
# Matching's notice "N learners have no goals yet" reads the goal terms loader below:
# an empty tuple means no open goal.


def init_app(app: Flask) -> None:
    # Imported when the app is assembled: features above import this package's models.
    from lms.cohorts.mentoring import GOAL_TERMS
    from lms.plans import demo, queries, views
    from lms.web import add_nav_item

    app.register_blueprint(views.bp)
    add_nav_item(app, "Plan", "plans.mine", order=25)
    # Matching (in lms.cohorts, below) reads learners' goals through this loader.
    app.extensions[GOAL_TERMS] = queries.goal_terms
    # An endpoint: where the profiles welcome step sends people once their skills are saved.
    app.extensions[ONBOARDING_NEXT] = "plans.welcome"
    demo.register(app)
