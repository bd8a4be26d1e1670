"""Progress per enrolment: what each learner has done in the cohort they learn in.

``records`` loads it in bulk, ``figures`` holds the formulas, ``completion`` applies the
track's rule, ``services`` records lessons, quiz attempts and credited work. Every page,
export and rule that shows or uses progress reads it from here.
"""
from __future__ import annotations

from flask import Flask

from lms import events
from lms.demo import register_demo_step
from lms.progress import services
from lms.progress.demo import demo_progress


def init_app(app: Flask) -> None:
    events.connect("learner_enrolled", _on_learner_enrolled)
    register_demo_step(app, demo_progress)


def _on_learner_enrolled(enrollment, credit_prior_work: bool = False, **_) -> None:
    if credit_prior_work:
        services.credit_prior_work(enrollment)
