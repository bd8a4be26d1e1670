"""Two admins confirm the same CSV preview (its good rows) at the same moment: one enrols, the other is told."""
from __future__ import annotations

from lms.auth.models import User
from lms.cohorts import enrolment
from lms.cohorts.models import Cohort, CsvEnrollmentPlan, Enrollment, EnrollmentRole
from lms.extensions import db
from tests.factories.auth import make_user
from tests.factories.cohorts import make_cohort
from tests.race import race


def test_two_confirmations_of_one_plan_enrol_the_good_rows_once(app, track, admin):
    cohort = make_cohort(track)
    make_user(email="old@example.org")
    plan = enrolment.preview_csv(cohort, b"old@example.org,\nnew@example.org,New\nbad,Bad\n", EnrollmentRole.LEARNER,
                                 actor=admin)
    db.session.commit()
    plan_id, cohort_id, admin_id = plan.id, cohort.id, admin.id

    def attempt(_, ready) -> None:
        plan = db.session.get(CsvEnrollmentPlan, plan_id)
        cohort = db.session.get(Cohort, cohort_id)
        actor = db.session.get(User, admin_id)
        ready()
        enrolment.confirm_csv(plan, cohort, actor, skip_bad_rows=True)

    outcomes = race(app, [1, 2], attempt, enrolment.EnrolmentError, won="enrolled", lost="refused")
    assert sorted(outcomes) == ["enrolled", "refused"]
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Enrollment.id)).where(Enrollment.cohort_id == cohort_id)) == 2
    assert db.session.get(Cohort, cohort_id).seats_taken == 2
    assert db.session.scalar(db.select(db.func.count(User.id)).where(User.email == "new@example.org")) == 1
    plan = db.session.get(CsvEnrollmentPlan, plan_id)
    assert plan.confirmed_at is not None
    assert [row["action"] for row in plan.preview] == ["enrol", "invite", "error"]  # the winner's preview is kept
