"""A cohort whose health figures were worked out by hand (the numbers are in the comments).

The clock is frozen at ``NOW``; every moment is set relative to it. Learners, by name:
Ann (3 attempts at the landing page, the last waiting 30 h), Ben (his launch waiting 72 h for
a review), Cleo (nothing done since she enrolled 20 days ago), Dan (no mentor; an ask unanswered
for 30 h, past the 24 h target) and Eve (all well). Marco mentors Ann, Ben, Cleo and Eve (at
most 5); Nina mentors nobody as primary, Dan for the skill "css" only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest

from lms.asks.models import AskRating, AskState
from lms.cohorts.models import Cohort, CohortStatus, EnrollmentRole, EnrollmentStatus, Mentorship, MentorshipRole
from lms.extensions import db
from lms.health import views
from lms.submissions.models import SubmissionStatus
from tests.factories.auth import make_admin, make_user
from tests.factories.cohorts import complete, enrol, lessons_of, make_cohort, make_track
from tests.factories.health_rows import make_ask, make_reply, make_submission

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
START = date(2026, 2, 18)  # 20 days before NOW


def hours_ago(h: float) -> datetime:
    return NOW - timedelta(hours=h)


@dataclass
class World:
    cohort: Cohort
    empty: Cohort
    admin: object
    marco: object
    nina: object
    learners: dict           # name -> user
    enrollments: dict        # name -> enrolment
    asks: dict               # label -> ask
    submissions: dict        # label -> submission
    lessons: dict            # slug -> lesson


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(views, "utcnow", lambda: NOW)
    return NOW


def build_world() -> World:
    track = make_track()
    lessons = {lesson.slug: lesson for lesson in lessons_of(track)}
    cohort = make_cohort(track, name="Spring cohort", starts_on=START, ask_response_hours=24,
                         review_turnaround_hours=48)
    empty = make_cohort(make_track(), name="Autumn cohort", starts_on=START)
    make_cohort(make_track(), name="Draft cohort", status=CohortStatus.DRAFT)
    admin = make_admin(name="Ada Admin")
    marco, nina = make_user(name="Marco Mentor"), make_user(name="Nina Mentor")
    enrol(cohort, marco, EnrollmentRole.MENTOR, max_mentees=5)
    enrol(cohort, nina, EnrollmentRole.MENTOR)
    learners = {name: make_user(name=name) for name in ("Ann", "Ben", "Cleo", "Dan", "Eve", "Fay")}
    enrollments = {name: enrol(cohort, user, mentor=None if name == "Dan" else marco,
                               enrolled_at=NOW - timedelta(days=20),
                               status=EnrollmentStatus.WITHDRAWN if name == "Fay" else EnrollmentStatus.ACTIVE)
                   for name, user in learners.items()}
    db.session.add(Mentorship(enrollment_id=enrollments["Dan"].id, mentor_id=nina.id, role=MentorshipRole.SKILL,
                              skill="css", origin="test"))
    complete(enrollments["Eve"], lessons["welcome"], at=NOW - timedelta(days=2))
    e = enrollments
    # Asks: first response in hours (open ones: their wait so far).
    asks = {
        "a1": make_ask(e["Ann"], created_at=hours_ago(10), first_response_at=hours_ago(8), mentor=marco,   # 2
                       state=AskState.RESOLVED, resolved_at=hours_ago(5), rating=AskRating.HELPFUL),
        "a2": make_ask(e["Ben"], created_at=hours_ago(20), first_response_at=hours_ago(16), mentor=marco,  # 4
                       state=AskState.AWAITING_LEARNER),
        "a3": make_ask(e["Eve"], created_at=hours_ago(30), first_response_at=hours_ago(29), mentor=marco,  # 1
                       waiting_since=hours_ago(20)),        # Eve wrote back 20 h ago: within the target
        "a4": make_ask(e["Dan"], created_at=hours_ago(6)),                                                  # 6, open
        "a5": make_ask(e["Dan"], created_at=hours_ago(30), title="Scope clause?"),                   # 30, open, late
        "a6": make_ask(e["Eve"], created_at=hours_ago(50), state=AskState.RESOLVED, resolved_at=hours_ago(40)),  # 10
        "a7": make_ask(e["Eve"], created_at=hours_ago(100), first_response_at=hours_ago(97), mentor=marco,  # 3
                       state=AskState.RESOLVED, resolved_at=hours_ago(90), rating=AskRating.SOMEWHAT),
        "a8": make_ask(e["Ben"], created_at=hours_ago(200), first_response_at=hours_ago(195), mentor=marco,  # 5
                       state=AskState.RESOLVED, resolved_at=hours_ago(190), rating=AskRating.NOT_HELPFUL),
    }
    make_reply(asks["a3"], learners["Eve"].id, at=hours_ago(20))
    landing, launch = lessons["landing-page"], lessons["launch"]
    # Review times in hours: 10, 2 and 30 (waiting) for Ann; 72 (waiting) for Ben; 6 for Eve.
    submissions = {
        "ann": make_submission(e["Ann"], landing, [(hours_ago(100), hours_ago(90), marco, True),
                                                   (hours_ago(50), hours_ago(48), marco, False),
                                                   (hours_ago(30), None, None, None)],
                               status=SubmissionStatus.SUBMITTED),
        "ben": make_submission(e["Ben"], launch, [(hours_ago(72), None, None, None)],
                               status=SubmissionStatus.SUBMITTED),
        "eve": make_submission(e["Eve"], landing, [(hours_ago(200), hours_ago(194), marco, True)],
                               status=SubmissionStatus.APPROVED),
    }
    db.session.commit()
    return World(cohort, empty, admin, marco, nina, learners, enrollments, asks, submissions, lessons)


@pytest.fixture
def world(app) -> World:
    return build_world()
