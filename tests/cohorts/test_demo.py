"""The demo step: a running "Spring cohort" with mentors, learners at different points, mentors assigned."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from lms import demo
from lms.auth import passwords
from lms.cohorts.demo import COHORT_NAME, demo_cohort
from lms.cohorts.models import Cohort, CohortStatus, Enrollment, EnrollmentRole
from lms.database import utcnow
from lms.extensions import db
from lms.progress.demo import demo_progress
from lms.progress.models import LessonProgress, QuizAttempt


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "hash_password", PasswordHasher(time_cost=1, memory_cost=1024).hash)


def _run() -> str | None:
    accounts = demo.create_demo_accounts()
    note = demo_cohort(accounts)
    demo_progress(accounts)  # the progress feature's step, which runs after this one
    db.session.commit()
    return note


def test_demo_step_opens_a_running_cohort_with_people_and_progress(app):
    note = _run()
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == COHORT_NAME))
    assert cohort is not None, note
    assert cohort.status == CohortStatus.RUNNING and (utcnow().date() - cohort.starts_on).days == 10
    assert cohort.track.slug == "freelance-web-foundations"
    enrollments = db.session.scalars(select(Enrollment).where(Enrollment.cohort_id == cohort.id)).all()
    assert sum(e.role == EnrollmentRole.MENTOR for e in enrollments) == 2
    learners = [e for e in enrollments if e.role == EnrollmentRole.LEARNER]
    assert len(learners) == 6 and all(e.mentor_id for e in learners)
    assert cohort.seats_taken == 6
    counts = {n for (n,) in db.session.execute(
        select(func.count(LessonProgress.id)).group_by(LessonProgress.enrollment_id))}
    assert len(counts) >= 3                                   # learners at different points
    assert db.session.scalar(select(func.count(QuizAttempt.id))) >= 1


def test_demo_step_is_idempotent(app):
    _run()
    before = [db.session.scalar(select(func.count(m.id))) for m in (Cohort, Enrollment, LessonProgress, QuizAttempt)]
    _run()
    after = [db.session.scalar(select(func.count(m.id))) for m in (Cohort, Enrollment, LessonProgress, QuizAttempt)]
    assert before == after


def test_demo_step_skips_with_a_message_without_the_track(app, monkeypatch):
    from lms.cohorts import demo as cohorts_demo
    monkeypatch.setattr(cohorts_demo, "shipped_track", lambda slug: None)
    assert "skipped" in _run()
    assert db.session.scalar(select(func.count(Cohort.id))) == 0
