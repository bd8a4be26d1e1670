"""Graduates and peer-mentor seats for tests (issue 15)."""
from __future__ import annotations

from datetime import timedelta

from lms.cohorts import enrolment
from lms.cohorts.models import Cohort, CohortStatus, EnrollmentRole, EnrollmentStatus
from lms.cohorts.peer_mentor_seat import PeerMentorSeat, SeatStatus
from lms.extensions import db
from lms.peermentors import eligibility
from tests.factories.auth import make_user
from tests.factories.cohorts import make_cohort


def make_graduate(later: Cohort, *, days_earlier: int = 120, name: str = "Gus Graduate", user=None,
                  status: EnrollmentStatus = EnrollmentStatus.COMPLETED, commit: bool = True):
    """A person who completed ``later``'s track in an earlier, finished cohort. Returns (user, earlier cohort)."""
    user = user or make_user(name=name, commit=False)
    earlier = make_cohort(later.track, status=CohortStatus.RUNNING, name=f"{later.name} (earlier {days_earlier})",
                          starts_on=later.starts_on - timedelta(days=days_earlier), commit=False)
    db.session.flush()
    enrollment = enrolment.enrol(earlier, user, EnrollmentRole.LEARNER)
    if status != EnrollmentStatus.ACTIVE:
        enrolment.set_enrollment_status(enrollment, status)
    earlier.status = CohortStatus.FINISHED  # directly: finishing would send cohort_status_changed
    if commit:
        db.session.commit()
    return user, earlier


def make_seat(cohort: Cohort, user, *, status: SeatStatus = SeatStatus.INVITED, invited_by=None,
              commit: bool = True) -> PeerMentorSeat:
    """A seat for an eligible graduate, straight in ``status`` (no signals)."""
    graduate = eligibility.graduate_in(cohort, user.id)
    assert graduate is not None, "make_graduate first"
    seat = PeerMentorSeat(cohort_id=cohort.id, user_id=user.id, completed_enrollment_id=graduate.enrollment.id,
                          status=status, invited_by_id=getattr(invited_by, "id", None))
    db.session.add(seat)
    db.session.flush()
    if commit:
        db.session.commit()
    return seat
