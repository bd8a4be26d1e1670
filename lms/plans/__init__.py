"""Development plans (self-mentorship): goals, their links to skills and rubric criteria,
progress derived from reviewed work, and mentors' check-in notes."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext


def init_app(app: Flask) -> None:
    # Imported when the app is assembled: features above import this package's models.
    from lms.cohorts.mentoring import GOAL_TERMS
    from lms.plans import demo, queries, views
    from lms.profiles.views import ONBOARDING_NEXT
    from lms.web import add_nav_item

    app.register_blueprint(views.bp)
    add_nav_item(app, lazy_gettext("Plan"), "plans.mine", order=25)
    # Matching (in lms.cohorts, below) reads learners' goals through this loader; the
    # matching page's "N learners have no goals yet" too (an empty tuple: no open goal).
    app.extensions[GOAL_TERMS] = queries.goal_terms
    # After the profiles welcome step (skills), people without goals get the first-goals step.
    app.extensions[ONBOARDING_NEXT] = views.first_goals_step
    demo.register(app)
