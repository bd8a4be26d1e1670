"""The rows program health is computed from, read in bulk for a set of cohorts.

A fixed number of queries whatever the number of cohorts, learners, asks or attempts:
enrolments with names, active primary mentorships, asks, the learners' latest replies,
attempts with their reviews, and the track's lessons; progress (``lms.progress.records``)
adds its own few.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from lms.asks.models import Ask, AskReply, AskState, ReplyKind
from lms.auth.models import User
from lms.cohorts.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Mentorship,
    MentorshipRole,
    MentorshipStatus,
)
from lms.database import as_utc
from lms.extensions import db
from lms.progress import records
from lms.progress.records import EnrolmentProgress
from lms.reviews.models import Review
from lms.submissions.models import Attempt, Submission, SubmissionStatus
from lms.tracks.models import Lesson, LessonKind
from lms.tracks.queries import current_lessons


@dataclass(frozen=True)
class AskRow:
    id: int
    cohort_id: int
    enrollment_id: int
    mentor_id: int | None
    state: AskState
    title: str
    created_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    waiting_since: datetime


@dataclass(frozen=True)
class AttemptRow:
    submission_id: int
    cohort_id: int
    enrollment_id: int
    lesson_id: int
    status: SubmissionStatus
    attempt_count: int
    waiting_since: datetime | None
    number: int
    submitted_at: datetime
    reviewed_at: datetime | None
    reviewer_id: int | None


@dataclass
class Rows:
    cohorts: list[Cohort]
    learners: list[tuple[Enrollment, str]]      # every learner enrolment, with the learner's name
    mentors: list[tuple[Enrollment, str]]       # active mentor enrolments, with the mentor's name
    matched: set[int]                           # enrolments with an active primary mentorship
    asks: list[AskRow]
    last_reply: dict[int, datetime]             # enrolment -> the learner's latest reply in an ask
    attempts: list[AttemptRow]
    lessons: dict[int, Lesson]
    progress: dict[int, EnrolmentProgress]      # active learner enrolments only


# The organisation's figures cover cohorts with learners at work or just finished.
SHOWN = (CohortStatus.OPEN, CohortStatus.RUNNING, CohortStatus.FINISHED)


def organisation_cohorts() -> list[Cohort]:
    """The cohorts of the organisation's figures (``/health`` and the admins' home), newest first."""
    return list(db.session.scalars(select(Cohort).where(Cohort.status.in_(SHOWN))
                                   .order_by(Cohort.starts_on.desc(), Cohort.id)))


def load(cohorts: list[Cohort]) -> Rows:
    ids = [c.id for c in cohorts]
    people = db.session.execute(
        select(Enrollment, User.name).join(User, User.id == Enrollment.user_id)
        .where(Enrollment.cohort_id.in_(ids)).order_by(User.name, Enrollment.id)).all()
    learners = [(e, name) for e, name in people if e.role == EnrollmentRole.LEARNER]
    mentors = [(e, name) for e, name in people
               if e.role == EnrollmentRole.MENTOR and e.status == EnrollmentStatus.ACTIVE]
    matched = set(db.session.scalars(
        select(Mentorship.enrollment_id).join(Enrollment, Enrollment.id == Mentorship.enrollment_id)
        .where(Enrollment.cohort_id.in_(ids), Mentorship.status == MentorshipStatus.ACTIVE,
               Mentorship.role == MentorshipRole.PRIMARY)))
    lessons = current_lessons({c.track_id for c in cohorts})
    active = [e for e, _ in learners if e.status == EnrollmentStatus.ACTIVE]
    if len(cohorts) == 1:  # read with a subquery on the cohort rather than a list of ids
        progress = records.for_cohort(cohorts[0], lessons, enrollments=active)
    else:
        progress = records.for_enrollments(active, lessons) if active else {}
    return Rows(cohorts, learners, mentors, matched, _asks(ids), _last_replies(ids), _attempts(ids),
                {lesson.id: lesson for lesson in lessons}, progress)


def _asks(cohort_ids: list[int]) -> list[AskRow]:
    return [AskRow(*row) for row in db.session.execute(
        select(Ask.id, Ask.cohort_id, Ask.enrollment_id, Ask.mentor_id, Ask.state, Ask.title, Ask.created_at,
               Ask.first_response_at, Ask.resolved_at, Ask.waiting_since)
        .where(Ask.cohort_id.in_(cohort_ids)).order_by(Ask.waiting_since, Ask.id))]


def _last_replies(cohort_ids: list[int]) -> dict[int, datetime]:
    rows = db.session.execute(
        select(Ask.enrollment_id, func.max(AskReply.created_at)).join(Ask, Ask.id == AskReply.ask_id)
        .where(Ask.cohort_id.in_(cohort_ids), AskReply.author_id == Ask.user_id, AskReply.kind == ReplyKind.REPLY)
        .group_by(Ask.enrollment_id))
    return {enrollment_id: as_utc(moment) for enrollment_id, moment in rows}


def _attempts(cohort_ids: list[int]) -> list[AttemptRow]:
    return [AttemptRow(*row) for row in db.session.execute(
        select(Submission.id, Submission.cohort_id, Submission.enrollment_id, Submission.lesson_id,
               Submission.status, Submission.attempt_count, Submission.waiting_since, Attempt.number,
               Attempt.submitted_at, Review.created_at, Review.reviewer_id)
        .join(Attempt, Attempt.submission_id == Submission.id)
        .join(Lesson, Lesson.id == Submission.lesson_id)
        .outerjoin(Review, Review.attempt_id == Attempt.id)
        .where(Submission.cohort_id.in_(cohort_ids), Lesson.kind == LessonKind.ASSIGNMENT)
        .order_by(Submission.id, Attempt.number))]
