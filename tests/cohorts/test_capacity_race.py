"""Two enrolments racing for the last seat, each in its own thread, session and transaction: one wins."""
from __future__ import annotations

from lms.auth.models import User
from lms.cohorts import enrolment
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole
from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol, make_cohort
from tests.race import race


def _race(app, cohort_id: int, user_ids: list[int]) -> list[str]:
    def attempt(user_id: int, ready) -> None:
        cohort = db.session.get(Cohort, cohort_id)
        user = db.session.get(User, user_id)
        ready()
        enrolment.enrol(cohort, user, EnrollmentRole.LEARNER)

    return race(app, user_ids, attempt, enrolment.CohortFull, won="enrolled", lost="full")


def test_two_enrolments_for_the_last_seat_exactly_one_wins(app, track):
    cohort = make_cohort(track, capacity=2)
    enrol(cohort, make_user())
    racers = [make_user().id, make_user().id]
    outcomes = _race(app, cohort.id, racers)
    assert sorted(outcomes) == ["enrolled", "full"]
    db.session.expire_all()
    assert db.session.get(Cohort, cohort.id).seats_taken == 2
    assert db.session.scalar(db.select(db.func.count(Enrollment.id)).where(
        Enrollment.cohort_id == cohort.id)) == 2


def test_many_racers_never_overfill_the_cohort(app, track):
    cohort = make_cohort(track, capacity=3)
    outcomes = _race(app, cohort.id, [make_user().id for _ in range(6)])
    assert outcomes.count("enrolled") == 3 and outcomes.count("full") == 3
    db.session.expire_all()
    assert db.session.get(Cohort, cohort.id).seats_taken == 3
