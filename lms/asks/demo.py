"""Demo data: asks in the Spring cohort in each state (open, answered, resolved with thanks)."""
from __future__ import annotations

import uuid

from sqlalchemy import select

from lms import permissions
from lms.asks import claims, services
from lms.asks.models import Ask, AskRating, AskUrgency
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.extensions import db

COHORT_NAME = "Spring cohort"

ASKS = (
    # handle, title, body, skill, urgency, what happens
    ("learner2", "Is a table right for opening hours?",
     "My bakery page lists opening hours. Should that be a `<table>` or a `<dl>`?", "html",
     AskUrgency.NORMAL, "open"),
    ("learner", "15 minutes on my pricing table",
     "I drafted three **packages** for small shops. Are the prices in the right order of magnitude?",
     "pricing", AskUrgency.URGENT, "answered"),
    ("learner3", "Is this scope clause right?",
     "> Two rounds of revisions are included; further changes are billed hourly.\n\nClear enough?",
     "client calls", AskUrgency.LOW, "resolved"),
)


def demo_asks(accounts: dict) -> str | None:
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == COHORT_NAME))
    mentor = accounts.get("mentor")
    if cohort is None or mentor is None or not permissions.is_mentor_of(mentor, cohort):
        return f"Asks demo skipped: no cohort named {COHORT_NAME!r} with the demo mentor."
    made = 0
    for handle, title, body, skill, urgency, outcome in ASKS:
        learner = accounts.get(handle)
        enrollment = learner and db.session.scalar(select(Enrollment).where(
            Enrollment.cohort_id == cohort.id, Enrollment.user_id == learner.id,
            Enrollment.role == EnrollmentRole.LEARNER))
        if enrollment is None or not permissions.can_open_ask(learner, enrollment) or db.session.scalar(
                select(Ask.id).where(Ask.enrollment_id == enrollment.id, Ask.title == title)):
            continue
        ask = services.open_ask(enrollment, services.AskData(title=title, body=body, skill=skill, urgency=urgency),
                                learner)
        made += 1
        if outcome == "open":
            continue
        claims.claim(ask, mentor)
        services.reply_to_ask(ask, services.ReplyData(
            body="Good question. Start from what one afternoon of your time is worth, then check it against "
                 "two local competitors.", client_key=str(uuid.uuid4())), mentor)
        if outcome == "resolved":
            services.reply_to_ask(ask, services.ReplyData(body="Thanks, that makes sense!",
                                                          client_key=str(uuid.uuid4())), learner)
            services.rate_ask(ask, AskRating.HELPFUL, "Clear and kind, thank you!", True, learner)
            services.show_thanks(ask, True, mentor)
    return f"Asks demo: {made} ask(s) in {COHORT_NAME}."
