"""Mentor reviews: the review queue, claims, rubric grading."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext

from lms import signals


def init_app(app: Flask) -> None:
    # Imported when the app is assembled, not with the package: the features above import
    # this package's models, and that must not load its views and everything they use.
    from lms.asks.queue import MENTORED_BEFORE
    from lms.jobs import register_periodic
    from lms.mentorships.directory import RESPONSE_HOURS
    from lms.permissions import is_admin, queue_user_clause
    from lms.reviews import cli, feedback, history, outcomes, response_times, services, views
    from lms.submissions.queries import ATTEMPT_REVIEWS
    from lms.web import add_nav_fact, add_nav_item, nav_fact

    app.config.setdefault("REVIEW_CLAIM_MINUTES", 30)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.reviews_cli)
    # can_use_queue's rule, its query read with the navigation's other facts in one statement.
    add_nav_fact(app, "uses_queue", queue_user_clause)
    add_nav_item(app, lazy_gettext("Queue"), "reviews.queue", order=40,
                 visible=lambda user: is_admin(user) or (user.is_authenticated and bool(nav_fact(user, "uses_queue"))))
    register_periodic(app, "reviews.expire_claims", services.expire_claims, timedelta(minutes=5))
    signals.enrollment_changed.connect(services.on_enrollment_changed)
    # The submission page and assignment panel show each attempt's review through this.
    app.extensions[ATTEMPT_REVIEWS] = outcomes.reviews_by_attempt
    # The mentor directory shows each mentor's median time to review through this.
    app.extensions[RESPONSE_HOURS] = response_times.median_response_hours
    # Feedback on feedback: the submission page shows the learner's rating form under each review.
    app.jinja_env.globals["rating_form_for"] = feedback.rating_form_for
    # The queue's "mentored before" also counts learners whose work this mentor reviewed.
    app.extensions.setdefault(MENTORED_BEFORE, []).append(history.reviewed_learners)
    _register_demo(app)


def _register_demo(app: Flask) -> None:
    # Imported when the app is assembled, like the views in init_app.
    from lms.demo import register_demo_step
    from lms.reviews.demo import demo_reviews

    register_demo_step(app, demo_reviews)
