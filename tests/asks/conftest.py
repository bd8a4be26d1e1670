"""A world for asks: a running cohort whose learner has an own mentor, a mentor with the
skill "pricing", a third mentor, another learner, an admin; and a clock that stands still."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from lms.asks import claims, events, routing, services
from lms.cohorts.models import EnrollmentRole
from lms.extensions import db
from lms.profiles.skills import set_skills
from tests.clock import Clock
from tests.factories.auth import make_admin, make_user
from tests.factories.submissions import enroll, make_cohort, make_track
from tests.submissions.conftest import app  # noqa: F401 (periodic tasks do not tick on requests)


@pytest.fixture
def clock(monkeypatch):
    """Time stands still in the asks modules until moved."""
    return Clock(datetime.now(timezone.utc).replace(microsecond=0)).freeze(
        monkeypatch, claims, events, routing, services)


@dataclass
class World:
    track: object
    lesson: object
    cohort: object
    own_mentor: object
    skilled_mentor: object
    third_mentor: object
    learner: object
    other_learner: object
    enrollment: object
    other_enrollment: object
    admin: object


@pytest.fixture
def world(app) -> World:  # noqa: F811
    track, lesson = make_track()
    cohort = make_cohort(track, name="Spring cohort")
    own = make_user(name="Ana Mentor", email="ana@example.org")
    skilled = make_user(name="Sol Skilled", email="sol@example.org")
    third = make_user(name="Tia Third", email="tia@example.org")
    learner = make_user(name="Lea Learner", email="lea@example.org")
    other = make_user(name="Otto Other", email="otto@example.org")
    admin = make_admin(name="Ada Admin", email="ada@example.org")
    for mentor in (own, skilled, third):
        enroll(cohort, mentor, EnrollmentRole.MENTOR)
    set_skills(skilled.id, ["Pricing"])
    db.session.commit()
    enrollment = enroll(cohort, learner, mentor=own)
    other_enrollment = enroll(cohort, other, mentor=third)
    return World(track, lesson, cohort, own, skilled, third, learner, other, enrollment, other_enrollment, admin)


def open_ask(world: World, *, title="15 minutes on my pricing table", body="Is **this** right?", skill="",
             enrollment=None, commit=True, **fields):
    enrollment = enrollment or world.enrollment
    ask = services.open_ask(enrollment, services.AskData(title=title, body=body, skill=skill, **fields),
                            enrollment.user)
    if commit:
        db.session.commit()
    return ask


def reply(ask, actor, body="An answer", commit=True, **fields):
    result = services.reply_to_ask(ask, services.ReplyData(body=body, client_key=str(uuid.uuid4()), **fields), actor)
    if commit:
        db.session.commit()
    return result
