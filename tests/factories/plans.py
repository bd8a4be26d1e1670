"""Development plans: a learner with a mentor (an active mentorship), goals, reviewed work."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update

from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, Mentorship, MentorshipRole, MentorshipStatus
from lms.database import utcnow
from lms.extensions import db
from lms.plans import services
from lms.plans.models import Goal, GoalStatus
from lms.reviews.models import Decision, Review
from lms.reviews.services import ReviewData, review_attempt
from lms.tracks.models import Lesson, Track
from tests.factories.auth import make_admin, make_user
from tests.factories.submissions import enroll, hand_in, make_cohort, make_track


@dataclass
class PlanWorld:
    learner: object
    mentor: object
    other_learner: object
    other_mentor: object      # mentors the other learner only
    admin: object
    track: Track
    lesson: Lesson            # an assignment with the factories' RUBRIC (Structure, Accessibility)
    cohort: Cohort
    enrollment: Enrollment
    mentorship: Mentorship


def make_mentorship(enrollment: Enrollment, mentor, *, role: MentorshipRole = MentorshipRole.PRIMARY,
                    commit: bool = True) -> Mentorship:
    mentorship = Mentorship(enrollment_id=enrollment.id, mentor_id=mentor.id, role=role, origin="test")
    db.session.add(mentorship)
    if commit:
        db.session.commit()
    return mentorship


def end_mentorship(mentorship: Mentorship) -> None:
    db.session.execute(update(Mentorship).where(Mentorship.id == mentorship.id)
                       .values(status=MentorshipStatus.ENDED, ended_at=utcnow()))
    db.session.commit()


def plan_world() -> PlanWorld:
    learner = make_user(name="Lea Learner", skills=["figma"])
    mentor = make_user(name="Marco Mentor")
    other_learner = make_user(name="Ben Other")
    other_mentor = make_user(name="Olga Mentor")
    admin = make_admin(name="Ada Admin")
    track, lesson = make_track()
    track.skills = ["html", "css"]
    cohort = make_cohort(track)
    enroll(cohort, mentor, EnrollmentRole.MENTOR)
    enroll(cohort, other_mentor, EnrollmentRole.MENTOR)
    enrollment = enroll(cohort, learner, mentor=mentor)
    other = enroll(cohort, other_learner, mentor=other_mentor)
    mentorship = make_mentorship(enrollment, mentor)
    make_mentorship(other, other_mentor)
    return PlanWorld(learner, mentor, other_learner, other_mentor, admin, track, lesson, cohort, enrollment,
                     mentorship)


def make_goal(user, title: str = "Build a portfolio site", *, status: GoalStatus = GoalStatus.NOT_STARTED,
              commit: bool = True, **fields) -> Goal:
    goal = services.create_goal(user.id, services.GoalData(title=title, **fields))
    if status != GoalStatus.NOT_STARTED:
        if status in (GoalStatus.ACHIEVED, GoalStatus.DROPPED):
            services.change_status(goal, GoalStatus.IN_PROGRESS, based_on_version=None)
        services.change_status(goal, status, based_on_version=None)
    if commit:
        db.session.commit()
    return goal


def reviewed(enrollment: Enrollment, lesson: Lesson, levels: list[int], mentor, *, at: datetime | None = None,
             decision: Decision = Decision.REQUEST_CHANGES) -> Review:
    """Hand in an attempt and review it with the chosen level per criterion (index into each level list)."""
    attempt = hand_in(enrollment, lesson)
    submission = attempt.submission
    review = review_attempt(submission, ReviewData(attempt.id, submission.version, decision, levels,
                                                   [""] * len(levels), "Feedback"), mentor)
    if at is not None:
        review.created_at = at
    db.session.commit()
    return review
