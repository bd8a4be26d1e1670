"""``flask demo`` step: the Spring cohort lets learners request mentors; Lea Learner asks the
demo mentor who is not yet hers to be her skill mentor for client calls, and her primary
relationship has an agreement.
Idempotent: nothing is added twice."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from lms.cohorts.models import Cohort, Enrollment, MentorshipRole
from lms.cohorts.relationships import Agreement, active_primary
from lms.demo import register_demo_step
from lms.extensions import db
from lms.mentorships import relationship_notes, requests
from lms.mentorships.models import MentorRequest
from lms.mentorships.states import UNSETTLED

COHORT_NAME = "Spring cohort"


def register(app: Flask) -> None:
    register_demo_step(app, demo_requests)


def demo_requests(accounts: dict) -> str | None:
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == COHORT_NAME))
    learner = db.session.scalar(select(Enrollment).where(
        Enrollment.cohort_id == (cohort.id if cohort else None), Enrollment.user_id == accounts["learner"].id))
    if cohort is None or learner is None:
        return "Mentorships: skipped the demo requests, there is no demo cohort."
    cohort.learners_request_mentors = True
    primary = active_primary(learner.id)
    if primary is not None and not primary.agreement_goals:
        relationship_notes.save_agreement(primary, Agreement(
            "Ship the landing page and one client site; practise a client call.", "Weekly, Tuesday 18:00, 30 min"),
            seen_version=primary.version)
    pending = db.session.scalar(select(MentorRequest.id).where(
        MentorRequest.enrollment_id == learner.id, MentorRequest.status.in_(UNSETTLED)))
    free = requests.requestable_mentor_ids(learner)  # the demo mentor who is not already hers
    mentor = next((accounts[h] for h in ("mentor2", "mentor") if accounts[h].id in free), None)
    if pending is None and mentor is not None:
        requests.open_request(learner, requests.NewRequest(
            (mentor.id,), MentorshipRole.SKILL, "client calls",
            "I freeze on calls with new clients. Could you help me prepare a few?"))
    db.session.flush()
    return "Mentorships: Lea Learner waits for an answer to her request for a skill mentor for client calls."
