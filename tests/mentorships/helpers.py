"""Helpers of the mentorship tests: mentors who filled in their profiles, and reading
requests, picks and notifications back."""
from __future__ import annotations

from lms.cohorts.models import EnrollmentRole, Mentorship, MentorshipRole, MentorshipStatus
from lms.extensions import db
from lms.mentorships.models import MentorRequest, RequestPick
from lms.notifications.models import Notification
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


def only_request(enrollment) -> MentorRequest:
    db.session.expire_all()
    rows = db.session.scalars(db.select(MentorRequest).where(MentorRequest.enrollment_id == enrollment.id)).all()
    assert len(rows) == 1, rows
    return rows[0]


def pick_states(request: MentorRequest) -> list[tuple[int, str]]:
    db.session.expire_all()
    picks = db.session.scalars(db.select(RequestPick).where(RequestPick.request_id == request.id)
                               .order_by(RequestPick.rank)).all()
    return [(p.mentor_id, p.status.value) for p in picks]


def asked_pick(request: MentorRequest) -> RequestPick:
    return next(p for p in request.picks if p.status == "asked")


def titles(user_id: int) -> list[str]:
    return list(db.session.scalars(db.select(Notification.title).where(Notification.user_id == user_id)
                                   .order_by(Notification.id)))
