"""One mentee as their mentor sees them: progress in each cohort, their work, their goals
(when the viewer may read the plan), and the history of this mentor with them: reviews,
asks and sessions. It lives here, above every feature it reads, in a constant number of queries."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from lms.asks.models import Ask, AskReply, ReplyKind
from lms.auth.models import User
from lms.cohorts.models import Enrollment, EnrollmentRole, Mentorship
from lms.extensions import db
from lms.meetings.models import Booking
from lms.plans.models import Goal
from lms.progress import records
from lms.progress.records import EnrolmentProgress
from lms.reviews.models import Review
from lms.submissions.models import Submission

SHOWN = 50   # each list shows the newest this many


@dataclass
class MenteePage:
    learner: User
    enrollments: list[Enrollment]            # as a learner, newest first
    progress: dict[int, EnrolmentProgress]   # by enrolment id
    submissions: list[Submission]
    goals: list[Goal] | None                 # None: the viewer may not read the plan
    reviews: list[Review]                    # written by the viewer
    asks: list[Ask]                          # the learner's asks the viewer answered or holds
    sessions: list[Booking]                  # between the viewer and the learner
    mentorships: list[Mentorship]            # the viewer's relationships with the learner


def mentee_page(viewer_id: int, learner: User, *, with_goals: bool) -> MenteePage:
    enrollments = list(db.session.scalars(
        select(Enrollment).where(Enrollment.user_id == learner.id, Enrollment.role == EnrollmentRole.LEARNER)
        .options(joinedload(Enrollment.cohort)).order_by(Enrollment.id.desc())))
    progress = records.for_enrollments(enrollments)
    submissions = list(db.session.scalars(
        select(Submission).where(Submission.user_id == learner.id)
        .options(joinedload(Submission.lesson), joinedload(Submission.cohort))
        .order_by(Submission.updated_at.desc(), Submission.id.desc()).limit(SHOWN)))
    goals = list(db.session.scalars(select(Goal).where(Goal.user_id == learner.id)
                                    .order_by(Goal.id.desc()).limit(SHOWN))) if with_goals else None
    reviews = list(db.session.scalars(
        select(Review).join(Submission, Submission.id == Review.submission_id)
        .where(Submission.user_id == learner.id, Review.reviewer_id == viewer_id)
        .options(joinedload(Review.submission).joinedload(Submission.lesson))
        .order_by(Review.created_at.desc(), Review.id.desc()).limit(SHOWN)))
    answered = select(AskReply.ask_id).where(AskReply.author_id == viewer_id, AskReply.kind == ReplyKind.REPLY)
    asks = list(db.session.scalars(
        select(Ask).where(Ask.user_id == learner.id, or_(Ask.mentor_id == viewer_id, Ask.id.in_(answered)))
        .options(joinedload(Ask.cohort)).order_by(Ask.created_at.desc(), Ask.id.desc()).limit(SHOWN)))
    sessions = list(db.session.scalars(
        select(Booking).where(Booking.learner_id == learner.id, Booking.mentor_id == viewer_id)
        .order_by(Booking.starts_at.desc()).limit(SHOWN)))
    mentorships = list(db.session.scalars(
        select(Mentorship).join(Enrollment, Enrollment.id == Mentorship.enrollment_id)
        .where(Enrollment.user_id == learner.id, Mentorship.mentor_id == viewer_id)
        .options(joinedload(Mentorship.enrollment).joinedload(Enrollment.cohort))
        .order_by(Mentorship.started_at.desc(), Mentorship.id.desc())))
    return MenteePage(learner, enrollments, progress, submissions, goals, reviews, asks, sessions, mentorships)
