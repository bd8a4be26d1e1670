"""The demo step: the Spring cohort lets learners request mentors, Lea has asked Mei, and
her primary relationship has an agreement; running it twice adds nothing."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from lms import demo
from lms.auth import passwords
from lms.cohorts.demo import COHORT_NAME, demo_cohort
from lms.cohorts.models import Cohort, Mentorship, MentorshipStatus
from lms.extensions import db
from lms.mentorships.demo import demo_requests
from lms.mentorships.models import MentorRequest


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "hash_password", PasswordHasher(time_cost=1, memory_cost=1024).hash)


def _run() -> str | None:
    accounts = demo.create_demo_accounts()
    demo_cohort(accounts)
    note = demo_requests(accounts)
    db.session.commit()
    return note


def test_demo_step_adds_a_waiting_request_and_an_agreement_once(app):
    note = _run()
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == COHORT_NAME))
    assert cohort is not None and cohort.learners_request_mentors, note
    request = db.session.scalar(select(MentorRequest))
    assert (request.status, request.skill, request.picks[0].status) == ("open", "client calls", "asked")
    agreements = db.session.scalars(select(Mentorship.agreement_goals).where(
        Mentorship.status == MentorshipStatus.ACTIVE, Mentorship.agreement_goals != "")).all()
    assert len(agreements) == 1
    _run()
    assert db.session.scalar(select(func.count()).select_from(MentorRequest)) == 1
