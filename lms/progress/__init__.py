"""Progress per enrolment: what each learner has done in the cohort they learn in.

``records`` loads it in bulk, ``figures`` holds the formulas, ``completion`` applies the
track's rule, ``services`` records lessons, quiz attempts and credited work. Every page,
export and rule that shows or uses progress reads it from here.
"""
from __future__ import annotations

from flask import Flask

from lms import signals
from lms.demo import register_demo_step
from lms.progress import services
from lms.progress.demo import demo_progress
from lms.reviews.models import Decision


def init_app(app: Flask) -> None:
    signals.enrollment_changed.connect(on_enrollment_changed)
    signals.review_decided.connect(on_review_decided)
    signals.peer_duty_met.connect(on_peer_duty_met)
    register_demo_step(app, demo_progress)


def on_enrollment_changed(enrollment, credit_prior_work: bool = False, **_) -> None:
    """An admin enrolled a learner again and chose to credit their earlier work."""
    if credit_prior_work:
        services.credit_prior_work(enrollment)


def on_review_decided(review, submission, decision, **_) -> None:
    """An approved assignment is done: the enrolment's completion may have changed."""
    if decision == Decision.APPROVE:
        services.announce(submission.enrollment)


def on_peer_duty_met(duty, **_) -> None:
    """A met (or waived) peer duty may complete an approved assignment, and so the track."""
    services.announce(duty.enrollment)
