"""The plain data the matcher reads for one cohort, loaded in a fixed number of queries.

Learners: the cohort's active learners without a primary mentor, with their levelled
skills, the words of their open goals (``GOAL_TERMS`` loader), languages, UTC offset at
the cohort's start and the mentors an admin excluded for them. Mentors: the cohort's
active mentors who are not away (away until a day on or after today or the cohort's
start, whichever is later), with their load here and across cohorts and both limits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from lms.auth.models import User
from lms.cohorts.exclusions import excluded_mentors
from lms.cohorts.matching_fit import LearnerInfo, MentorInfo, utc_offset_hours
from lms.cohorts.mentoring import learner_goal_terms, mentee_counts
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus
from lms.extensions import db
from lms.profiles.models import Profile
from lms.profiles.skills import skills_by_user


@dataclass(frozen=True)
class MatchingInputs:
    learners: list[LearnerInfo]
    mentors: list[MentorInfo]            # available mentors only
    track_skills: list[str]
    required_language: str
    away: list[str]                      # names of the cohort's mentors who are away
    without_skills: int                  # learners who have stated neither skills nor goals


def availability_day(cohort: Cohort, today: date | None = None) -> date:
    """The day a mentor must be back by: the cohort's start, or today once it has started."""
    return max(today or date.today(), cohort.starts_on)


def matching_inputs(cohort: Cohort, today: date | None = None) -> MatchingInputs:
    rows = db.session.execute(
        select(Enrollment, User, Profile).join(User, User.id == Enrollment.user_id)
        .outerjoin(Profile, Profile.user_id == Enrollment.user_id)
        .where(Enrollment.cohort_id == cohort.id, Enrollment.status == EnrollmentStatus.ACTIVE)
        .order_by(Enrollment.id)).all()
    mentor_rows = [row for row in rows if row[0].role == EnrollmentRole.MENTOR]
    learner_rows = [row for row in rows if row[0].role == EnrollmentRole.LEARNER and row[0].mentor_id is None]
    skills = skills_by_user(user.id for _, user, _ in mentor_rows + learner_rows)
    goals = learner_goal_terms([user.id for _, user, _ in learner_rows])
    excluded = excluded_mentors([user.id for _, user, _ in learner_rows], [user.id for _, user, _ in mentor_rows])
    counts = mentee_counts(cohort.id)
    on = availability_day(cohort, today)
    mentors, away = [], []
    for enrollment, user, profile in mentor_rows:
        if profile is not None and profile.is_away(on):
            away.append(user.name)
            continue
        mentors.append(MentorInfo(
            id=user.id, name=user.name, skills=tuple(skills[user.id].items()),
            utc_offset=utc_offset_hours(user.timezone, cohort.starts_on), mentees=counts.get(user.id, 0),
            max_mentees=enrollment.max_mentees, languages=tuple(profile.languages or ()) if profile else (),
            active_mentees=profile.active_mentees if profile else 0,
            profile_max=profile.max_mentees if profile else None))
    learners = [LearnerInfo(
        id=enrollment.id, name=user.name, skills=tuple(skills[user.id].items()), goals=goals.get(user.id, ()),
        utc_offset=utc_offset_hours(user.timezone, cohort.starts_on),
        languages=tuple(profile.languages or ()) if profile else (), user_id=user.id,
        excluded_mentors=frozenset(excluded.get(user.id, ()))) for enrollment, user, profile in learner_rows]
    return MatchingInputs(learners=learners, mentors=mentors, track_skills=list(cohort.track.skills or []),
                          required_language=cohort.required_language or "", away=away,
                          without_skills=sum(1 for learner in learners if not learner.skills and not learner.goals))
