"""A cohort with a learner and mentors who filled in their profiles."""
from __future__ import annotations

from lms.cohorts.models import EnrollmentRole, Mentorship, MentorshipRole, MentorshipStatus
from lms.extensions import db
from lms.profiles.services import ensure_profile
from lms.profiles.skills import set_skills
from tests.factories.auth import make_user
from tests.factories.cohorts import enrol


def make_mentor(cohort, *, name: str, skills: dict | None = None, timezone: str = "UTC", languages=(),
                headline: str = "", help_with: str = "", max_mentees: int | None = None, active: int = 0,
                away_until=None, commit: bool = True):
    mentor = make_user(name=name, timezone=timezone, commit=False)
    db.session.flush()
    enrol(cohort, mentor, EnrollmentRole.MENTOR, commit=False)
    profile = ensure_profile(mentor.id)
    profile.headline, profile.help_with, profile.languages = headline, help_with, list(languages)
    profile.max_mentees, profile.active_mentees, profile.away_until = max_mentees, active, away_until
    set_skills(mentor.id, skills or {})
    if commit:
        db.session.commit()
    return mentor


def start_mentorship(learner_enrollment, mentor) -> Mentorship:
    mentorship = Mentorship(enrollment_id=learner_enrollment.id, mentor_id=mentor.id, role=MentorshipRole.PRIMARY,
                            status=MentorshipStatus.ACTIVE, origin="test")
    db.session.add(mentorship)
    db.session.commit()
    return mentorship
