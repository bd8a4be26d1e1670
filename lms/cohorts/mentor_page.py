"""What the learner's "my mentors" page shows: their relationships in the cohort, earlier
mentors they could ask again, and (through a loader ``lms.mentorships`` registers) their
open mentor requests. A fixed number of queries whatever the history."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole, EnrollmentStatus, Mentorship, MentorshipStatus
from lms.cohorts.relationships import checkin_is_due, closing_survey_is_due
from lms.extensions import db
from lms.profiles.models import Profile

# ``lms.mentorships`` registers: enrolment -> the learner's unsettled requests (newest first).
LEARNER_REQUESTS = "learner_mentor_requests"


@dataclass
class MentorPage:
    active: list[Mentorship] = field(default_factory=list)
    past: list[Mentorship] = field(default_factory=list)
    checkins_due: list[Mentorship] = field(default_factory=list)
    closings_due: list[Mentorship] = field(default_factory=list)
    ask_again: list[User] = field(default_factory=list)   # earlier cohorts' mentors who mentor here
    requests: list = field(default_factory=list)
    profiles: dict[int, Profile] = field(default_factory=dict)


def mentor_page(enrollment: Enrollment, now: datetime) -> MentorPage:
    page = MentorPage()
    rows = db.session.scalars(select(Mentorship).where(Mentorship.enrollment_id == enrollment.id)
                              .options(joinedload(Mentorship.mentor))
                              .order_by(Mentorship.started_at.desc(), Mentorship.id.desc())).all()
    for mentorship in rows:
        (page.active if mentorship.status == MentorshipStatus.ACTIVE else page.past).append(mentorship)
    page.checkins_due = [m for m in page.active if checkin_is_due(m, now)]
    page.closings_due = [m for m in page.past if closing_survey_is_due(m)]
    current = {m.mentor_id for m in page.active}
    page.ask_again = [u for u in previous_mentors_here(enrollment) if u.id not in current]
    page.profiles = {p.user_id: p for p in db.session.scalars(
        select(Profile).where(Profile.user_id.in_([m.mentor_id for m in page.active])))}
    loader = current_app.extensions.get(LEARNER_REQUESTS)
    page.requests = loader(enrollment) if loader else []
    return page


def previous_mentors_here(enrollment: Enrollment) -> list[User]:
    """Mentors the learner had in other cohorts (ended relationships) who are active mentors of this one."""
    earlier = (select(Mentorship.mentor_id).join(Enrollment, Enrollment.id == Mentorship.enrollment_id)
               .where(Enrollment.user_id == enrollment.user_id, Enrollment.cohort_id != enrollment.cohort_id,
                      Mentorship.status == MentorshipStatus.ENDED))
    return list(db.session.scalars(
        select(User).join(Enrollment, Enrollment.user_id == User.id)
        .where(Enrollment.cohort_id == enrollment.cohort_id, Enrollment.role == EnrollmentRole.MENTOR,
               Enrollment.status == EnrollmentStatus.ACTIVE, User.id.in_(earlier))
        .order_by(User.name)))
