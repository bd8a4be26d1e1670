"""What the cohort pages show, loaded in a fixed number of queries however many learners."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, joinedload

from lms.auth.models import User
from lms.cohorts import schedule
from lms.cohorts.models import Cohort, Enrollment, EnrollmentRole, EnrollmentStatus, MentorAssignment
from lms.cohorts.services import deadline_overrides
from lms.extensions import db
from lms.tracks.models import Lesson, LessonKind
from lms.tracks.queries import current_lessons

# The learners a cohort counts everywhere ("12 / 20 learners"): those holding a seat.
COUNTED_LEARNERS = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


def learner_counts(cohort_ids=None) -> dict[int, int]:
    """cohort id -> learners holding a seat (active or completed); every cohort when ``cohort_ids`` is None."""
    query = (select(Enrollment.cohort_id, func.count(Enrollment.id))
             .where(Enrollment.role == EnrollmentRole.LEARNER, Enrollment.status.in_(COUNTED_LEARNERS))
             .group_by(Enrollment.cohort_id))
    if cohort_ids is not None:
        query = query.where(Enrollment.cohort_id.in_(list(cohort_ids)))
    return dict(db.session.execute(query).all())


def learners_per_track() -> dict[int, int]:
    """track id -> people who were ever learners in one of its cohorts (each counted once)."""
    return dict(db.session.execute(
        select(Cohort.track_id, func.count(func.distinct(Enrollment.user_id)))
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.role == EnrollmentRole.LEARNER).group_by(Cohort.track_id)).all())


def cohort_list() -> list[tuple[Cohort, int, int]]:
    """Every cohort with its learner count (the rule of :func:`learner_counts`) and active
    mentors, newest start first: two queries."""
    learners: dict[int, int] = {}
    mentors: dict[int, int] = {}
    for cohort_id, role, status, count in db.session.execute(
            select(Enrollment.cohort_id, Enrollment.role, Enrollment.status, func.count(Enrollment.id))
            .group_by(Enrollment.cohort_id, Enrollment.role, Enrollment.status)):
        if role == EnrollmentRole.LEARNER and status in COUNTED_LEARNERS:
            learners[cohort_id] = learners.get(cohort_id, 0) + count
        elif role == EnrollmentRole.MENTOR and status == EnrollmentStatus.ACTIVE:
            mentors[cohort_id] = mentors.get(cohort_id, 0) + count
    cohorts = db.session.scalars(select(Cohort).options(joinedload(Cohort.track))
                                 .order_by(Cohort.starts_on.desc(), Cohort.id.desc())).all()
    return [(c, learners.get(c.id, 0), mentors.get(c.id, 0)) for c in cohorts]


def cohort_deadlines(cohort: Cohort, lessons: list[Lesson] | None = None) -> list[schedule.Deadline]:
    lessons = current_lessons([cohort.track_id]) if lessons is None else lessons
    overrides = {lesson_id: due for (_, lesson_id), due in deadline_overrides([cohort.id]).items()}
    return schedule.deadlines(cohort, lessons, overrides)


def enrollments(cohort: Cohort) -> list[tuple[Enrollment, User, User | None]]:
    """Every enrolment of the cohort with its user and primary mentor, by name."""
    mentor = aliased(User)
    return db.session.execute(
        select(Enrollment, User, mentor)
        .join(User, User.id == Enrollment.user_id)
        .outerjoin(mentor, mentor.id == Enrollment.mentor_id)
        .where(Enrollment.cohort_id == cohort.id)
        .order_by(func.lower(User.name), User.id)).all()


def people(cohort: Cohort) -> tuple[list[tuple[Enrollment, User, User | None]], dict[int, list[MentorAssignment]]]:
    """Every enrolment with its user and mentor, and each learner's mentor history (newest first)."""
    rows = enrollments(cohort)
    history: dict[int, list[MentorAssignment]] = {}
    for item in db.session.scalars(
            select(MentorAssignment)
            .join(Enrollment, Enrollment.id == MentorAssignment.enrollment_id)
            .where(Enrollment.cohort_id == cohort.id)
            .options(joinedload(MentorAssignment.mentor), joinedload(MentorAssignment.assigned_by))
            .order_by(MentorAssignment.assigned_at.desc(), MentorAssignment.id.desc())):
        history.setdefault(item.enrollment_id, []).append(item)
    return rows, history


def assignments(lessons: list[Lesson]) -> list[Lesson]:
    return [lesson for lesson in lessons if lesson.kind == LessonKind.ASSIGNMENT]
