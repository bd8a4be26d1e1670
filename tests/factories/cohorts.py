"""Tracks with lessons, cohorts and enrolments for the cohort and dashboard tests."""
from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from sqlalchemy import insert

from lms.cohorts.models import (
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    MentorAssignment,
    Mentorship,
    ReviewPolicy,
)
from lms.cohorts.relationships import ensure_profile
from lms.database import utcnow
from lms.extensions import db
from lms.plans.models import Goal, GoalStatus
from lms.profiles.models import Profile
from lms.progress.models import LessonProgress, QuizAttempt
from lms.tracks.models import Lesson, LessonKind, Track

_sequence = itertools.count(1)

# (kind, slug, spec): a small track with each kind of item.
DEFAULT_ITEMS = (
    (LessonKind.LESSON, "welcome", {}),
    (LessonKind.LESSON, "semantic-html", {}),
    (LessonKind.QUIZ, "html-quiz", {"pass_percent": 70}),
    (LessonKind.ASSIGNMENT, "landing-page", {"due_days": 7}),
    (LessonKind.LESSON, "css-layout", {}),
    (LessonKind.ASSIGNMENT, "launch", {"due_days": 21}),
)


def make_track(*, items=DEFAULT_ITEMS, skills=("html", "css", "accessibility"), title: str | None = None,
               commit: bool = True) -> Track:
    n = next(_sequence)
    track = Track(slug=f"track-{n}", title=title or f"Web Track {n}", skills=list(skills))
    db.session.add(track)
    for position, (kind, slug, spec) in enumerate(items, 1):
        db.session.add(Lesson(track=track, slug=slug, title=slug.replace("-", " ").capitalize(), kind=kind,
                              position=position, spec=dict(spec)))
    if commit:
        db.session.commit()
    return track


def lessons_of(track: Track) -> list[Lesson]:
    return sorted(track.lessons, key=lambda lesson: lesson.position)


def make_cohort(track: Track | None = None, *, status: CohortStatus = CohortStatus.RUNNING,
                starts_on: date | None = None, timezone: str = "UTC", capacity: int | None = None,
                policy: ReviewPolicy = ReviewPolicy.ANY_MENTOR, commit: bool = True, **fields) -> Cohort:
    n = next(_sequence)
    track = track or make_track(commit=False)
    starts_on = starts_on or date.today() - timedelta(days=10)
    cohort = Cohort(name=fields.pop("name", f"Cohort {n}"), track=track, starts_on=starts_on,
                    ends_on=fields.pop("ends_on", starts_on + timedelta(days=60)), timezone=timezone,
                    capacity=capacity, status=status, review_policy=policy, **fields)
    db.session.add(cohort)
    if commit:
        db.session.commit()
    return cohort


def enrol(cohort: Cohort, user, role: EnrollmentRole = EnrollmentRole.LEARNER, *,
          status: EnrollmentStatus = EnrollmentStatus.ACTIVE, mentor=None, max_mentees: int | None = None,
          goals: str = "", enrolled_at: datetime | None = None, commit: bool = True) -> Enrollment:
    """An enrolment written directly (the seat counter kept consistent), not through the service."""
    enrollment = Enrollment(cohort=cohort, user_id=user.id, role=role, status=status,
                            mentor_id=mentor.id if mentor is not None else None, max_mentees=max_mentees,
                            enrolled_at=enrolled_at or utcnow())
    db.session.add(enrollment)
    if goals:
        db.session.add(Goal(user_id=user.id, title=goals, status=GoalStatus.IN_PROGRESS))
    if role == EnrollmentRole.LEARNER and status != EnrollmentStatus.WITHDRAWN:
        db.session.flush()
        db.session.execute(Cohort.__table__.update().where(Cohort.__table__.c.id == cohort.id)
                           .values(seats_taken=Cohort.__table__.c.seats_taken + 1))
        db.session.expire(cohort, ["seats_taken"])
    if mentor is not None:
        db.session.flush()
        db.session.add(MentorAssignment(enrollment_id=enrollment.id, mentor_id=mentor.id, reason="factory"))
        if status == EnrollmentStatus.ACTIVE:  # the primary relationship behind mentor_id, its place taken
            db.session.add(Mentorship(enrollment_id=enrollment.id, mentor_id=mentor.id, origin="factory"))
            ensure_profile(mentor.id)
            db.session.execute(Profile.__table__.update().where(Profile.__table__.c.user_id == mentor.id)
                               .values(active_mentees=Profile.__table__.c.active_mentees + 1))
    if commit:
        db.session.commit()
    return enrollment


def learner_enrollment_of(who, lesson: Lesson) -> Enrollment:
    """``who`` itself when it is an enrolment; else the user's one learner enrolment in the lesson's track."""
    if isinstance(who, Enrollment):
        return who
    [enrollment] = db.session.scalars(
        db.select(Enrollment).join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Enrollment.user_id == who.id, Enrollment.role == EnrollmentRole.LEARNER,
               Cohort.track_id == lesson.track_id)).all()
    return enrollment


def complete(who, *lessons: Lesson, at: datetime | None = None, commit: bool = True) -> None:
    """Lessons marked complete by a learner (a user with one enrolment in the track, or an enrolment)."""
    for lesson in lessons:
        db.session.add(LessonProgress(enrollment_id=learner_enrollment_of(who, lesson).id, lesson_id=lesson.id,
                                      completed_at=at or utcnow()))
    if commit:
        db.session.commit()


def attempt_quiz(who, lesson: Lesson, percent: int, *, passed: bool | None = None, number: int = 1,
                 at: datetime | None = None, commit: bool = True) -> QuizAttempt:
    attempt = QuizAttempt(enrollment_id=learner_enrollment_of(who, lesson).id, lesson_id=lesson.id, number=number,
                          answers=[], correct=percent // 10,
                          total=10, percent=percent, passed=percent >= 70 if passed is None else passed,
                          submitted_at=at or utcnow())
    db.session.add(attempt)
    if commit:
        db.session.commit()
    return attempt


def bulk_learners(cohort: Cohort, count: int, *, mentor=None, start: int = 0, progress_lessons=()) -> list[int]:
    """``count`` learners enrolled with bulk inserts (fast even for thousands); returns their user ids."""
    from lms.auth.models import User

    now = utcnow()
    emails = [f"bulk{cohort.id}-{start + i}@example.org" for i in range(count)]
    db.session.execute(insert(User), [{"email": e, "name": f"Bulk Learner {start + i:04d}", "password_hash": None,
                                       "is_admin": False, "is_active": True, "created_at": now, "bio": "",
                                       "timezone": "UTC", "session_token": f"t{cohort.id}x{start + i}"}
                                      for i, e in enumerate(emails)])
    ids = list(db.session.scalars(db.select(User.id).where(User.email.in_(emails)).order_by(User.id)))
    db.session.execute(insert(Enrollment), [{"cohort_id": cohort.id, "user_id": uid, "role": EnrollmentRole.LEARNER,
                                             "status": EnrollmentStatus.ACTIVE, "enrolled_at": now,
                                             "mentor_id": mentor.id if mentor is not None else None}
                                            for uid in ids])
    if progress_lessons:
        enrollment_ids = db.session.scalars(db.select(Enrollment.id).where(Enrollment.cohort_id == cohort.id,
                                                                           Enrollment.user_id.in_(ids)))
        db.session.execute(insert(LessonProgress), [{"enrollment_id": eid, "lesson_id": lesson.id,
                                                     "completed_at": now}
                                                    for eid in enrollment_ids for lesson in progress_lessons])
    db.session.execute(Cohort.__table__.update().where(Cohort.__table__.c.id == cohort.id)
                       .values(seats_taken=Cohort.__table__.c.seats_taken + count))
    db.session.commit()
    return ids
