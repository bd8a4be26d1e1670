"""Two learners accepted at once for a mentor's last place, each in its own thread, session and
transaction (SQLite and PostgreSQL): exactly one relationship starts."""
from __future__ import annotations

import pytest

from lms.cohorts.models import Enrollment, EnrollmentRole, Mentorship, MentorshipRole, MentorshipStatus
from lms.cohorts.relationships import NoFreePlace, start_mentorship
from lms.extensions import db
from lms.profiles.models import Profile
from tests.mentorships.conftest import learner_in, set_capacity
from tests.race import race


def _race(app, mentor_id: int, enrollment_ids: list[int], role=MentorshipRole.PRIMARY) -> list[str]:
    def attempt(enrollment_id: int, ready) -> None:
        enrollment = db.session.get(Enrollment, enrollment_id)
        ready()
        start_mentorship(enrollment, mentor_id, role, skill="css")

    return race(app, enrollment_ids, attempt, NoFreePlace, won="started", lost="full")


def _active_relationships(mentor_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count(Mentorship.id)).where(
        Mentorship.mentor_id == mentor_id, Mentorship.status == MentorshipStatus.ACTIVE))


def test_two_learners_for_a_mentors_last_place_exactly_one_wins(app, world):
    ana = world.mentors[0]
    set_capacity(ana, 1)
    racers = [world.enrollment.id, learner_in(world.cohort)[1].id]
    assert sorted(_race(app, ana.id, racers)) == ["full", "started"]
    assert _active_relationships(ana.id) == 1
    assert db.session.get(Profile, ana.id).active_mentees == 1


@pytest.mark.parametrize("role", [MentorshipRole.PRIMARY, MentorshipRole.SKILL])
def test_the_last_place_in_a_cohort_goes_to_one_racer_when_only_the_cohort_limits(app, world, role):
    ana = world.mentors[0]
    mentor_enrollment = db.session.scalar(db.select(Enrollment).where(
        Enrollment.cohort_id == world.cohort.id, Enrollment.user_id == ana.id,
        Enrollment.role == EnrollmentRole.MENTOR))
    mentor_enrollment.max_mentees = 2
    db.session.commit()
    racers = [world.enrollment.id] + [learner_in(world.cohort, f"Racer {n}")[1].id for n in range(3)]
    outcomes = _race(app, ana.id, racers, role)
    assert outcomes.count("started") == 2 and outcomes.count("full") == 2
    assert _active_relationships(ana.id) == 2
    assert db.session.get(Profile, ana.id).active_mentees == 2
